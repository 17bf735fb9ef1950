FROM debian:bookworm
# dopt: ignore=DL4000
MAINTAINER Jane Doe
