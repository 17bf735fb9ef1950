FROM alpine:3.19
RUN apk add --no-cache \
    zlib-dev \
    openssl-dev \
    musl-dev \
    gcc
