FROM ghcr.io/example/tool:latest AS tool
FROM debian:bookworm-slim
COPY --from=tool /tool /usr/local/bin/tool
