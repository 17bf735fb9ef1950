FROM node:20-bookworm
WORKDIR /app
COPY classic-pm/ ./
RUN yarn install --frozen-lockfile && yarn cache clean
