FROM debian:bookworm-slim
RUN ["sh", "-c", "apt-get update && apt-get install -y git && apt-get install -y make"]
