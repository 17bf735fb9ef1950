FROM python:3.12-alpine3.20
RUN pip install --no-cache-dir pandas==2.2.2
