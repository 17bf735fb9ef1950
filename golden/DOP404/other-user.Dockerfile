FROM node:20-slim
COPY .npmrc /home/node/.npmrc
USER node
RUN npm ci && rm /home/node/.npmrc
