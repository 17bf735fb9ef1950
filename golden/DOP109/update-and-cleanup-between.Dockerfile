FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y b && rm -rf /var/lib/apt/lists/*
