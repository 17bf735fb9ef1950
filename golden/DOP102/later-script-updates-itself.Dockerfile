FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends build-essential
COPY install-deps.sh /tmp/
RUN apt-get update && sh /tmp/install-deps.sh
