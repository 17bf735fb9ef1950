FROM node:20-bookworm
WORKDIR /app
COPY . .
RUN npm ci --omit=dev
CMD ["node", "server.js"]
