FROM node:20-slim
# settings for the install
ARG NPM_REGISTRY=https://registry.npmjs.org
ENV NODE_ENV=production
WORKDIR /app
# install the dependencies
COPY package.json package-lock.json ./
RUN npm ci
COPY . /app
LABEL org.opencontainers.image.title=web
CMD ["node", "server.js"]
