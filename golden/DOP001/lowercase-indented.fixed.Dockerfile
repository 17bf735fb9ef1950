FROM debian:bookworm
  # dopt: ignore=dop303
RUN apt-get install curl
