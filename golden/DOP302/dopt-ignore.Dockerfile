FROM ubuntu:24.04
# dopt: ignore=DOP302
RUN apt update && apt install -y curl
