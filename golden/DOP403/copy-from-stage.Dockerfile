FROM node:20 AS build
COPY . /src
RUN npm ci && npm run build

FROM nginx:1.27
COPY --from=build /src/dist /usr/share/nginx/html
COPY secrets/ /tmp/not-a-folder-copy
