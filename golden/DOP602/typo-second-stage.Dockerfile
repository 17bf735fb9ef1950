FROM node:20 AS deps
RUN npm ci
FROM node:20 AS assets
RUN npm run build
FROM nginx:1.27-alpine
COPY --from=deps /node_modules /srv/node_modules
COPY --from=asets /dist /usr/share/nginx/html
