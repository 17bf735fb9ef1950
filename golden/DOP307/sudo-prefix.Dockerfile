FROM debian:bookworm-slim
RUN useradd -m app && sudo apt-get install -y curl
