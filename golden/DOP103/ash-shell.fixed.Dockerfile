FROM alpine:3.20
SHELL ["/bin/ash", "-eo", "pipefail", "-c"]
RUN apk update && apk add curl && rm -rf /var/cache/apk/*
