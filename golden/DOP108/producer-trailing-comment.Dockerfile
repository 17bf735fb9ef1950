FROM debian:bookworm
RUN apt-get update && apt-get install -y make  # build tools
RUN apt-get clean
