FROM node:20-slim AS base
WORKDIR /app

FROM base AS final
# the token is only needed to install
RUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci
