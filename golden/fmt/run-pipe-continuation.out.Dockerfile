FROM alpine:3.19
RUN curl -fsSL https://example.com/tool.tgz \
        | tar -xz -C /opt && \
    echo "$(date)" \
        > /build-date
