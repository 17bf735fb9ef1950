FROM alpine:3.20
RUN wget -q https://github.com/sgerrand/alpine-pkg-glibc/releases/download/2.35-r1/glibc-2.35-r1.apk && apk add --allow-untrusted glibc-2.35-r1.apk
