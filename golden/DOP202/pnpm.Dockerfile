FROM node:20-slim
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile --prod
CMD ["node", "server.js"]
