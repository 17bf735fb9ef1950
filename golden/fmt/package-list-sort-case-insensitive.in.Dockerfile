FROM alpine:3.19
RUN apk add --no-cache \
    py3-pip \
    Xvfb \
    bash \
    LibreOffice \
    curl || true
