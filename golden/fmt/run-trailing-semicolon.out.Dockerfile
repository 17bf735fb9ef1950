FROM alpine:3.19
RUN set -eux; \
    addgroup -S app; \
    adduser -S -G app app;
