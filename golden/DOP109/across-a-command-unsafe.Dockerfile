FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y git && mkdir -p /src && apt-get install -y make
