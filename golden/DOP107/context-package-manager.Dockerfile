FROM node:20-bookworm
WORKDIR /app
COPY berry-pm/package.json ./
RUN yarn install
