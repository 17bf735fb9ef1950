# syntax=docker/dockerfile:1
FROM node:20-bookworm-slim
WORKDIR /home/node/app
USER node
RUN --mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000 npm ci --omit=dev
