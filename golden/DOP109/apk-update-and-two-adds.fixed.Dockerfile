FROM alpine:3.20
RUN set -e; apk add --no-cache git make
