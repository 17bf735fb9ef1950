FROM node:20-bookworm-slim
RUN npm install -g pm2
ENV NPM_CONFIG_CACHE=/tmp/.npm
RUN npm cache clean --force
