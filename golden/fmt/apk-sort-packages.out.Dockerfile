FROM alpine:3.19
RUN apk add --no-cache \
        gcc \
        musl-dev \
        openssl-dev \
        zlib-dev
