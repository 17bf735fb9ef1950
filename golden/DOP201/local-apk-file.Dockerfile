FROM alpine:3.20
WORKDIR /srv/pkg
COPY dist/ ./
RUN apk add --no-cache --allow-untrusted app-1.0-r0.apk
