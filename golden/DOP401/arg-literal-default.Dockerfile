FROM python:3.12-slim
ARG PIP_INDEX_TOKEN=tk-7Qx2mLp9Zr
RUN pip install --no-cache-dir --index-url "https://__token__:${PIP_INDEX_TOKEN}@pypi.internal/simple" app
