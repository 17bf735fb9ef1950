FROM python:3.12-slim
RUN pip install --upgrade pip && \
    hash -r && pip install --no-cache-dir flask
