FROM debian:bookworm-slim
RUN set -eux; \
    apt-get update; \
    apt-get install --no-install-recommends curl; \
    rm -rf /var/lib/apt/lists/*
