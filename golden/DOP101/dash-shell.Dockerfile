FROM debian:bookworm-slim
SHELL ["/bin/dash", "-c"]
RUN mkdir -p /app
RUN touch /app/ready
