FROM ruby:3.3-slim
RUN --mount=type=secret,id=git-credentials,target=/root/.git-credentials git config --global credential.helper store \
    && bundle install; echo done
