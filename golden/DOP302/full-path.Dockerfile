FROM ubuntu:24.04
RUN /usr/bin/apt update && /usr/bin/apt install -y curl
