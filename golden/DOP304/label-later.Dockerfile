FROM debian:bookworm-slim
MAINTAINER Jane Doe
LABEL org.opencontainers.image.authors="The Team"
