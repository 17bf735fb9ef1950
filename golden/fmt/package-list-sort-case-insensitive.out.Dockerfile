FROM alpine:3.19
RUN apk add --no-cache \
        bash \
        curl \
        LibreOffice \
        py3-pip \
        Xvfb || true
