FROM node:20-slim AS base
WORKDIR /app
FROM base AS dev
CMD ["npm", "run", "dev"]
FROM base AS web
CMD ["node", "server.js"]
