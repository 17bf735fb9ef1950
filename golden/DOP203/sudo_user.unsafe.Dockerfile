# syntax=docker/dockerfile:1
FROM debian:bookworm
RUN useradd -u 1000 -m build
RUN --mount=type=cache,target=/home/build/.cache/pip,uid=1000 sudo -u build pip install --user flask
