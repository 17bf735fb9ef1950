FROM debian:bookworm-slim
RUN set -e; apt-get update && apt-get install curl && echo installed; echo next
