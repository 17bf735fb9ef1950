FROM debian:bookworm-slim
# hadolint ignore=DL3015
RUN apt-get update && apt-get install -y curl
