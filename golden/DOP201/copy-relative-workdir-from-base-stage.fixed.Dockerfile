FROM debian:bookworm-slim AS base
WORKDIR /srv

FROM base
RUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*
COPY . app/
