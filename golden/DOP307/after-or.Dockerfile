FROM debian:bookworm-slim
RUN true || apt-get install -y curl
