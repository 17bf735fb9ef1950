FROM node:20 AS build
WORKDIR /src
COPY .npmrc package.json package-lock.json ./
RUN npm ci && npm run build

FROM build AS test
RUN npm test

FROM nginx:1.27
COPY --from=test /src /usr/share/nginx/html
