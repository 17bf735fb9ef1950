FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
COPY install-extras.sh /tmp/
RUN sh /tmp/install-extras.sh
RUN rm -rf /var/lib/apt/lists/*
