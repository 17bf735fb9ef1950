# dopt-test: cache-mounts
FROM python:3.12
RUN --mount=type=cache,target=/root/.cache/pip pip install flask
