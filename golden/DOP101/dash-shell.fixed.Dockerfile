FROM debian:bookworm-slim
SHELL ["/bin/dash", "-c"]
RUN mkdir -p /app && \
    touch /app/ready
