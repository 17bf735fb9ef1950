# dopt-test: cache-mounts
FROM node:20-bookworm
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile && yarn cache clean
