FROM node:20 AS deps
ARG NPM_TOKEN
ENV NPM_TOKEN=$NPM_TOKEN
RUN npm ci

FROM node:20-slim
COPY --from=deps /node_modules /node_modules
