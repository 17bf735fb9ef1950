FROM ubuntu:24.04
RUN /usr/bin/apt-get update && /usr/bin/apt-get install -y curl
