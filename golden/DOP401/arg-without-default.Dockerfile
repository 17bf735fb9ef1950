FROM node:20-slim
ARG NPM_TOKEN
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
