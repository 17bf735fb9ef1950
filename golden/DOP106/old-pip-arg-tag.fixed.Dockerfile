ARG UBUNTU_VERSION=14.04
FROM ubuntu:${UBUNTU_VERSION} AS base
RUN apt-get update && apt-get install -y python3-pip && rm -rf /var/lib/apt/lists/*

FROM base
RUN pip3 install pyyaml==3.11 && rm -rf ~/.cache/pip
