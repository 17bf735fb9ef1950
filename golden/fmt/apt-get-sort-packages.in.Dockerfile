FROM debian:bookworm-slim
RUN apt-get update && \
    apt-get install -y --no-install-recommends \
        wget \
        ca-certificates curl \
        git \
        build-essential && \
    rm -rf /var/lib/apt/lists/*
