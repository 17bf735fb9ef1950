FROM debian:bookworm
# dopt: ignore=DOP304 -- the registry reads MAINTAINER
MAINTAINER Jane Doe
