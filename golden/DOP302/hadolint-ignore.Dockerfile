FROM ubuntu:24.04
# hadolint ignore=DL3027
RUN apt update && apt install -y curl
