FROM ubuntu:24.04
RUN apt update && apt install --no-install-recommends -y curl
