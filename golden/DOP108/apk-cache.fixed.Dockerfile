FROM alpine:3.20
RUN apk add --update python3 py3-pip && rm -rf /var/cache/apk/*
WORKDIR /app
COPY . .
