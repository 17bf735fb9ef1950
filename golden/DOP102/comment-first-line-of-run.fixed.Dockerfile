FROM debian:bookworm-slim
RUN \
    # curl for the health check
    apt-get update && apt-get install -y --no-install-recommends curl && \
    rm -rf /var/lib/apt/lists/*
