FROM debian:bookworm-slim
ARG TARGETARCH
RUN if [ "$TARGETARCH" = "arm64" ]; then \
        echo arm; \
    else \
        echo other; \
    fi && \
    echo finished
