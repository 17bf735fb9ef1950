# dopt-test: cache-mounts
FROM debian:bookworm
RUN apt-get update && \
    apt-get install -y --no-install-recommends \
        ca-certificates \
        curl && \
    # tidy up
    apt-get clean && \
    rm -rf /var/lib/apt/lists/*
