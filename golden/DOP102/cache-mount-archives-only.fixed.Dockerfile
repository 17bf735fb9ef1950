# syntax=docker/dockerfile:1
FROM debian:bookworm-slim
# The mount keeps the downloaded .deb files; the lists still land in the layer.
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends curl && \
    rm -rf /var/lib/apt/lists/*
