# syntax=docker/dockerfile:1
FROM node:20-bookworm
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev
COPY . .
