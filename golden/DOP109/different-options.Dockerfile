FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y git && apt-get install -y --no-install-recommends make
