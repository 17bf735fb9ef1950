FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y git make && mkdir -p /src
