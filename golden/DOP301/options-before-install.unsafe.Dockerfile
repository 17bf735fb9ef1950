FROM debian:bookworm-slim
RUN apt-get update && apt-get -o Dpkg::Options::=--force-confold -q install --no-install-recommends -y curl
