FROM debian:bookworm

MAINTAINER Jane Doe
