# dopt-test: cache-mounts
# escape=\
FROM debian:bookworm
RUN apt-get update && apt-get install -y curl && rm -rf /tmp/* /var/lib/apt/lists/*
