FROM ubuntu:24.04
USER builder
RUN sudo apt update && sudo -E apt install -y curl
