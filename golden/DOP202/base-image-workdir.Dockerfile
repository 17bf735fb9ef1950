FROM node:20-slim
COPY . .
RUN npm ci
