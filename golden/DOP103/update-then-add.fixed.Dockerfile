FROM alpine:3.20
RUN apk update && apk add curl ca-certificates && rm -rf /var/cache/apk/*
CMD ["curl", "--version"]
