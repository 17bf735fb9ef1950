FROM alpine:3.20
RUN apk upgrade && apk add --no-cache tzdata && rm -rf /var/cache/apk/*
ENV TZ=Europe/Berlin
