FROM node:20-slim
COPY .env.example /app/.env.example
COPY .npmrc.sample /app/
