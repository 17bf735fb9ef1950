FROM debian:bookworm
# dopt: ignore-file=DOP304
MAINTAINER Jane Doe
