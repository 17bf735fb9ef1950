# dopt-test: cache-mounts
FROM node:20
USER node
WORKDIR /home/node/app
RUN npm ci
