FROM debian:bookworm-slim
RUN apt-get remove -y curl
