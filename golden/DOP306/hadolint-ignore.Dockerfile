FROM debian:bookworm-slim
# hadolint ignore=DL3005
RUN apt-get update && apt-get upgrade -y
