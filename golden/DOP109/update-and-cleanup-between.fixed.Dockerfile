FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y a b && rm -rf /var/lib/apt/lists/*
