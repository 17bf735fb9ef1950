FROM alpine:3.19
ARG VERSION=1.0 \
    BUILD_DATE
EXPOSE 80 \
    443/tcp
VOLUME /data \
    /logs
COPY a.txt \
    b.txt /dst/
