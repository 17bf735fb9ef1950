FROM debian:bookworm-slim
RUN useradd -m app
USER app
RUN id
USER "root"
RUN apt-get update && apt-get install -y --no-install-recommends curl && \
    rm -rf /var/lib/apt/lists/*
