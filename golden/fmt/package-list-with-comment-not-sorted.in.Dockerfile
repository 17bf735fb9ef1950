FROM alpine:3.19
RUN apk add --no-cache \
    # compilers
    gcc \
    musl-dev \
    # libraries
    zlib-dev \
    openssl-dev
