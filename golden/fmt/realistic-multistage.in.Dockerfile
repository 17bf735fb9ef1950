# syntax=docker/dockerfile:1.7
from node:20-alpine as deps
workdir /app
copy package.json package-lock.json ./
run npm ci --omit=dev

from node:20-alpine   as   build
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build && \
        npm prune --production

FROM   gcr.io/distroless/nodejs20-debian12
COPY --from=build   /app/dist   /app
ENV NODE_ENV production
user nonroot
CMD [ "/app/server.js" ]
