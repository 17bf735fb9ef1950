FROM alpine:3.20
RUN ["/bin/sh", "-c", "apk add --update curl"]
RUN rm -rf /var/cache/apk/*
