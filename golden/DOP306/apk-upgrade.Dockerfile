FROM alpine:3.20
RUN apk upgrade --no-cache
RUN apk upgrade --no-cache musl
