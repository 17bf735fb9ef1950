FROM debian:bookworm-slim
ARG EXTRA_PKG=vim
RUN apt-get update && \
    apt-get install -y \
        zsh \
        $EXTRA_PKG \
        bash && \
    rm -rf /var/lib/apt/lists/*
