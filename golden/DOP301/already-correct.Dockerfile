FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
RUN apt-get install -y -o APT::Install-Recommends=false git
RUN apt-get install -y --install-recommends make
