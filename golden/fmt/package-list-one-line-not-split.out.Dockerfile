FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y zsh curl bash && rm -rf /var/lib/apt/lists/*
