FROM debian:bookworm-slim
USER "nobody"
RUN apt-get update && apt-get install -y --no-install-recommends curl
