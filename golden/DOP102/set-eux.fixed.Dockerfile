FROM debian:bookworm-slim
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends gosu; \
    gosu nobody true && \
    rm -rf /var/lib/apt/lists/*
ENTRYPOINT ["gosu"]
