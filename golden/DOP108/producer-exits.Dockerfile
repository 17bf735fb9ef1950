FROM alpine:3.20
RUN apk add --update nodejs npm || exit 1
RUN rm -rf /var/cache/apk/*
