FROM node:20-slim
WORKDIR /app
COPY .npmrc package.json package-lock.json ./
RUN npm ci --omit=dev
