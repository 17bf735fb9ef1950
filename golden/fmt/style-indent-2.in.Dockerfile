FROM debian:bookworm-slim
RUN apt-get update && \
    apt-get install -y \
        zsh \
        bash && \
    rm -rf /var/lib/apt/lists/*
ENV A=1 \
    B=2
