FROM debian:bookworm-slim
RUN apt-get install -y --no-install-recommends curl
