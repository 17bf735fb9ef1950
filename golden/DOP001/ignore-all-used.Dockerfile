FROM debian:bookworm
# dopt: ignore=ALL
MAINTAINER Jane Doe
