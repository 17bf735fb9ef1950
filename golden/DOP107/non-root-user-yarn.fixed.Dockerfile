FROM node:20-bookworm-slim
WORKDIR /home/node/app
COPY --chown=node:node . .
USER node
RUN yarn install --frozen-lockfile && yarn cache clean
