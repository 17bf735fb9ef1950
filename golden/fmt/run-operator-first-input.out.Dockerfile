FROM debian:bookworm-slim
RUN apt-get update && \
    apt-get install -y curl || echo "install failed" && \
    rm -rf /var/lib/apt/lists/*
