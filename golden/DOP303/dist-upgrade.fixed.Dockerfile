FROM debian:bookworm-slim
RUN apt-get update && apt-get dist-upgrade -y
