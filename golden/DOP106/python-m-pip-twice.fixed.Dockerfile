FROM python:3.12-slim
RUN python -m pip install --no-cache-dir --upgrade pip setuptools wheel && python -m pip install --no-cache-dir poetry==1.8.3
