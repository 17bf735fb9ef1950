FROM debian:bookworm
RUN apt-get update
# dopt: ignore=DOP101
RUN apt-get install -y curl
