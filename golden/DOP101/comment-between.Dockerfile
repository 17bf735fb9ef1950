FROM debian:bookworm-slim
RUN apt-get update
# curl for the healthcheck
# jq to read the config
RUN apt-get install -y --no-install-recommends curl jq
