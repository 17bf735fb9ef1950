FROM debian:bookworm-slim
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
RUN apt-get update; apt-get install --no-install-recommends curl; rm -rf /var/lib/apt/lists/*
