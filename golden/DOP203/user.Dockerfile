# dopt-test: cache-mounts
FROM python:3.12-slim
RUN useradd -u 1001 -m app
USER app
WORKDIR /home/app
RUN pip install --user --no-cache-dir flask
