FROM node:20-bookworm
WORKDIR /app
COPY frontend/ ./
RUN yarn install --frozen-lockfile
