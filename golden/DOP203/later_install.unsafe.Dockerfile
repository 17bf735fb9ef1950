# syntax=docker/dockerfile:1
FROM debian:bookworm
RUN apt-get update
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean; apt-get install -y curl
