FROM golang:1.22-alpine AS build
RUN apk update && apk add git && rm -rf /var/cache/apk/*
WORKDIR /src
COPY . .
RUN apk update && apk add make && make build && rm -rf /var/cache/apk/*

FROM alpine:3.20
COPY --from=build /src/bin/app /usr/local/bin/app
ENTRYPOINT ["app"]
