FROM alpine:3.20
RUN apk update && apk add build-base
COPY build.sh /tmp/
RUN apk update && sh /tmp/build.sh
