FROM alpine:3.20
RUN apk add --no-cache aria2
EXPOSE 6800
