FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl
# hadolint ignore=DL3059
RUN apt-get install -y --no-install-recommends git
