# syntax=docker/dockerfile:1
FROM debian:bookworm-slim
RUN --mount=type=cache,target=/var/lib/apt/lists apt-get install -y curl
