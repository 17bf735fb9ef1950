FROM ubuntu:24.04
ARG APT=apt
RUN $APT update && $APT install -y curl
