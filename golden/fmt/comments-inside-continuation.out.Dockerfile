FROM debian:bookworm-slim
RUN apt-get update && \
    # tools needed by the build
    apt-get install -y --no-install-recommends build-essential && \
    # keep the image small
    rm -rf /var/lib/apt/lists/*
