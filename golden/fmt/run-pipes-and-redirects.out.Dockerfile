FROM debian:bookworm-slim
RUN set -eux; \
    curl -fsSL https://example.com/key.gpg | gpg --dearmor > /usr/share/keyrings/example.gpg; \
    echo "deb [signed-by=/usr/share/keyrings/example.gpg] https://example.com stable main" \
        > /etc/apt/sources.list.d/example.list; \
    apt-get update
