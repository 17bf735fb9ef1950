FROM node:20-slim
COPY . /app
# settings for the install
ARG NPM_REGISTRY=https://registry.npmjs.org
ENV NODE_ENV=production
LABEL org.opencontainers.image.title=web
WORKDIR /app
# install the dependencies
RUN npm ci
CMD ["node", "server.js"]
