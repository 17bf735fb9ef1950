FROM debian:bookworm AS base
RUN apt-get update && apt-get install -y --no-install-recommends python3

FROM base
RUN rm -rf /var/lib/apt/lists/*
