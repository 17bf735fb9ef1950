FROM node:20-slim
WORKDIR /app
COPY web/.npmrc web/package.json ./
RUN npm ci
