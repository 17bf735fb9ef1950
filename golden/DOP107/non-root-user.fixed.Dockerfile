FROM node:20-bookworm-slim
WORKDIR /home/node/app
COPY --chown=node:node package*.json ./
USER node
RUN npm ci --omit=dev && npm cache clean --force
