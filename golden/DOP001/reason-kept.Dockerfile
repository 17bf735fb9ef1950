FROM debian:bookworm
# dopt: ignore=DOP304, DOP102 -- the image is older than the label
MAINTAINER Jane Doe
