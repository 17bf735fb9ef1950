FROM debian:bookworm-slim
ARG TARGETARCH
RUN if [ "$TARGETARCH" = "arm64" ]; then \
        echo arm; \
    else \
        echo other; \
    fi && \
    for f in /etc/os-release /etc/hostname; do \
        cat "$f"; \
    done && \
    echo finished
