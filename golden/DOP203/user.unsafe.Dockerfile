# syntax=docker/dockerfile:1
FROM python:3.12-slim
RUN useradd -u 1001 -m app
USER app
WORKDIR /home/app
RUN --mount=type=cache,target=/home/app/.cache/pip,uid=1001 pip install --user flask
