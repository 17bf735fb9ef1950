FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends build-essential && \
    rm -rf /var/lib/apt/lists/*
COPY install-deps.sh /tmp/
RUN apt-get update && sh /tmp/install-deps.sh && rm -rf /var/lib/apt/lists/*
