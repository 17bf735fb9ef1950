FROM node:20-bookworm
WORKDIR /app
COPY . .
RUN npm install & npm run build
