FROM node:20-slim
WORKDIR /app
COPY . .
COPY config/prod.json /etc/web/config.json
RUN npm ci
