FROM python:3.12-slim
RUN python -m pip install --upgrade pip && \
    pip install --no-cache-dir flask
