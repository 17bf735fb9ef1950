FROM node:20-slim
WORKDIR /app
COPY . .
RUN yarn install --frozen-lockfile --production && yarn cache clean
CMD ["node", "server.js"]
