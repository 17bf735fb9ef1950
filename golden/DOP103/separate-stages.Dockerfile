FROM alpine:3.20 AS fetch
RUN apk -U add wget \
 && wget -q -O /tmp/tool.tar.gz https://example.com/tool.tar.gz

FROM alpine:3.20
RUN apk add --update-cache bash
COPY --from=fetch /tmp/tool.tar.gz /opt/
