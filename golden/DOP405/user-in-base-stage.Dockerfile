FROM node:20-slim AS base
USER node
FROM base
CMD ["node", "server.js"]
