FROM debian:bookworm
# dopt: ignore-file=DOP303
RUN apt-get install -y curl
