FROM python:3.12-slim
RUN python -m pip install --upgrade pip
RUN pip install --no-cache-dir flask
