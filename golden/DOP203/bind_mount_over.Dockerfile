# dopt-test: cache-mounts
FROM python:3.12
RUN --mount=type=bind,source=wheels,target=/root/.cache pip install --find-links /root/.cache/wheels flask
