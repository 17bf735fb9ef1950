FROM node:20 AS build
WORKDIR /src
COPY .npmrc package.json package-lock.json ./
RUN npm ci && npm run build

FROM nginx:1.27
COPY --from=build /src/dist /usr/share/nginx/html
