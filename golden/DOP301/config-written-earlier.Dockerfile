FROM debian:bookworm-slim
RUN echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/00recommends
RUN apt-get update && apt-get install -y curl
