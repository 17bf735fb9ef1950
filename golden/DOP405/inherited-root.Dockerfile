FROM node:20-slim AS base
USER node
USER root
FROM base
CMD ["node", "server.js"]
