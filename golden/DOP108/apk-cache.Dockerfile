FROM alpine:3.20
RUN apk add --update python3 py3-pip
WORKDIR /app
RUN rm -rf /var/cache/apk/*
COPY . .
