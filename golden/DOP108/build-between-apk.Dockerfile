FROM alpine:3.20
RUN apk update && apk add curl
RUN ./configure && make
RUN rm -rf /var/cache/apk/*
