# dopt-test: cache-mounts
# syntax=docker/dockerfile:1.7
FROM debian:bookworm
RUN --network=host apt-get update && apt-get install -y curl
RUN apt-get update && apt-get install -y git
