FROM alpine:3.20 AS fetch
RUN apk -U add wget \
 && wget -q -O /tmp/tool.tar.gz https://example.com/tool.tar.gz \
 && rm -rf /var/cache/apk/*

FROM alpine:3.20
RUN apk add --update-cache bash && rm -rf /var/cache/apk/*
COPY --from=fetch /tmp/tool.tar.gz /opt/
