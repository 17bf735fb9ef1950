FROM debian:bookworm-slim AS tools
RUN echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/00recommends
RUN apt-get update && apt-get install -y curl

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y git
