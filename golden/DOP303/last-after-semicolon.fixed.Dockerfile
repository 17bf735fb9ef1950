FROM debian:bookworm-slim
RUN apt-get update || echo "update failed"; apt-get install -y curl
