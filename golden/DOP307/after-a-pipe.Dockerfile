FROM debian:bookworm-slim
RUN yes | apt-get install curl
