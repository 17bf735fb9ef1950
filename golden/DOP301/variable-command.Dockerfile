FROM debian:bookworm-slim
ARG APT=apt-get
RUN $APT update && $APT install -y curl
