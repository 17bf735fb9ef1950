FROM alpine:3.20
RUN crond & apk add --update dcron
