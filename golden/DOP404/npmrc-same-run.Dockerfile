FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY .npmrc /root/.npmrc
RUN npm ci --omit=dev && rm /root/.npmrc
CMD ["node", "server.js"]
