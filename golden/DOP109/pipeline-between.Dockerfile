FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y curl && curl -fsSL https://example.com/key | gpg --dearmor -o /usr/share/keyrings/x.gpg && apt-get install -y x
