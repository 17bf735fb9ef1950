FROM alpine:3.20
RUN adduser -D app
USER app
RUN apk update && apk add --virtual .tools jq
