FROM debian:bookworm-slim
RUN apt-get update && apt-get install less && rm -rf /var/lib/apt/lists/*
