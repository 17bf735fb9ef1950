# syntax=docker/dockerfile:1.7
FROM node:20-alpine AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

FROM node:20-alpine AS build
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build && \
    npm prune --production

FROM gcr.io/distroless/nodejs20-debian12
COPY --from=build /app/dist /app
ENV NODE_ENV=production
USER nonroot
CMD ["/app/server.js"]
