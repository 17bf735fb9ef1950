FROM alpine:3.19
LABEL org.opencontainers.image.title="dopt demo" \
    org.opencontainers.image.licenses=MIT \
    org.opencontainers.image.vendor="Example Inc."
LABEL version=1.0 release="stable"
