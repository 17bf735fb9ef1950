# syntax=docker/dockerfile:1
FROM debian:bookworm-slim AS base
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates

FROM base
RUN <<EOF
set -e
apt-get install -y --no-install-recommends curl
EOF
