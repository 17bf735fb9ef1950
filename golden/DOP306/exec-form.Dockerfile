FROM debian:bookworm-slim
RUN ["apt-get", "upgrade", "-y"]
