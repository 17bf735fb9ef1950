FROM debian:bookworm-slim
RUN apt-get update \
 && curl -fsSL https://sh.rustup.rs \
    | sh -s -- -y \
 && rm -rf /var/lib/apt/lists/*
