FROM node:18-alpine AS build
WORKDIR /src
COPY . .
RUN yarn && yarn build && yarn cache clean

FROM nginx:1.27-alpine
COPY --from=build /src/dist /usr/share/nginx/html
