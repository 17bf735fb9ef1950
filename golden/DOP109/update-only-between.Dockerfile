FROM debian:bookworm-slim
RUN apt-get install -y git && apt-get update && apt-get install -y make
