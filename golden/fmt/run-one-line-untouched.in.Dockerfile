FROM alpine:3.19
RUN   apk update && apk add --no-cache bash   &&   rm -rf /var/cache/apk/*
RUN ["/bin/sh",   "-c",   "echo json"]
