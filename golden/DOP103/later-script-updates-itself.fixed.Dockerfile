FROM alpine:3.20
RUN apk update && apk add build-base && rm -rf /var/cache/apk/*
COPY build.sh /tmp/
RUN apk update && sh /tmp/build.sh && rm -rf /var/cache/apk/*
