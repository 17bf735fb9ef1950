# syntax=docker/dockerfile:1
FROM debian:bookworm-slim
RUN apt-get update
RUN <<EOT
set -eux
apt-get install -y --no-install-recommends curl
rm -rf /var/lib/apt/lists/*
EOT
