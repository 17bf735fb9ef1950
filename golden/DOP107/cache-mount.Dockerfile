# syntax=docker/dockerfile:1
FROM node:20-bookworm-slim
WORKDIR /app
RUN --mount=type=cache,target=/root/.npm npm ci
