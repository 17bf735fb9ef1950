FROM node:20 AS build
RUN npm ci && npm run build
FROM nginx:1.27-alpine
COPY --from=build /dist /usr/share/nginx/html
