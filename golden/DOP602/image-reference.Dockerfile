FROM alpine:3.20
COPY --from=ghcr.io/example/tools:1.2 /bin/tool /usr/local/bin/
COPY --from=tianon/gosu /gosu /usr/local/bin/gosu
