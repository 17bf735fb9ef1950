FROM debian:bookworm-slim
COPY 00apt /etc/apt/apt.conf.d/00apt
RUN apt-get update && apt-get install -y curl
