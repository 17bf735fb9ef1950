FROM ubuntu:24.04
USER builder
RUN sudo apt-get update && sudo -E apt-get install -y curl
