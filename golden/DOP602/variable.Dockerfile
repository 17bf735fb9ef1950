ARG TOOLS=ghcr.io/example/tools:1.2
FROM alpine:3.20
COPY --from=$TOOLS /bin/tool /usr/local/bin/
