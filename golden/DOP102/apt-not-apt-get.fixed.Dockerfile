FROM debian:bookworm-slim
RUN apt update && apt install -y --no-install-recommends python3 python3-venv && \
    rm -rf /var/lib/apt/lists/*
