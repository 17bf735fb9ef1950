# syntax=docker/dockerfile:1
FROM opensuse/leap:15.6
RUN --mount=type=cache,target=/var/cache/zypp zypper -n in -y gcc
