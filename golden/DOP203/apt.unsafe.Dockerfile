# syntax=docker/dockerfile:1
FROM debian:bookworm
# tidy up
RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    --mount=type=cache,target=/var/cache/apt,sharing=locked \
    rm -f /etc/apt/apt.conf.d/docker-clean; apt-get update && \
    apt-get install -y --no-install-recommends \
        ca-certificates \
        curl
