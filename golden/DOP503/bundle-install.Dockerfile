FROM ruby:3.3-alpine
COPY Gemfile Gemfile.lock ./
RUN apk add --no-cache build-base && bundle install
