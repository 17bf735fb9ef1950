# dopt-test: indent-width=2
FROM debian:bookworm-slim
RUN apt-get update && \
    # install the shells
    apt-get install -y \
        bash \
        zsh && \
    curl -fsSL https://example.com/setup.sh \
        -o /tmp/setup.sh && \
    rm -rf /var/lib/apt/lists/*
ENV A=1 \
    B=2
