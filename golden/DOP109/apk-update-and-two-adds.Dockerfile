FROM alpine:3.20
RUN set -e; apk update && apk add --no-cache git && apk add --no-cache make
