# syntax=docker/dockerfile:1
FROM debian:bookworm
RUN <<EOF
apt-get update
apt-get install -y curl
EOF
RUN rm -rf /var/lib/apt/lists/*
