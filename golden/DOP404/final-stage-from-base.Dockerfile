FROM node:20-slim AS base
WORKDIR /app

FROM base AS final
COPY .npmrc /app/.npmrc
# the token is only needed to install
RUN npm ci && rm /app/.npmrc
