FROM debian:bookworm-slim
LABEL org.opencontainers.image.authors="The Team"
MAINTAINER Jane Doe
