# dopt-test: cache-mounts
FROM python:3.12
RUN useradd -u 1000 -m app && \
    sudo -u app pip install --user flask
