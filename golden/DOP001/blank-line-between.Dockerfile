FROM debian:bookworm
# dopt: ignore=DOP304

MAINTAINER Jane Doe
