# syntax=docker/dockerfile:1
FROM fedora:40
RUN --mount=type=cache,target=/var/cache/dnf \
    dnf install -y gcc-c++ cmake
