FROM alpine:3.20
RUN apk add --update curl || exit 1
