FROM debian:bookworm-slim
RUN apt-get update
RUN apt-get install -y curl
