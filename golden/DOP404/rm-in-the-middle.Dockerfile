FROM ruby:3.3-slim
COPY .git-credentials /root/.git-credentials
RUN git config --global credential.helper store \
    && bundle install; rm -f /root/.git-credentials; echo done
