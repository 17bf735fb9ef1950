FROM debian:bookworm
  # dopt: ignore=dop304,dop303
RUN apt-get install curl
