FROM node:20-bookworm
WORKDIR /app
COPY berry-rc/ ./
RUN yarn install
CMD ["yarn", "node", "server.js"]
