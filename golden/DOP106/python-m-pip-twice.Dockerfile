FROM python:3.12-slim
RUN python -m pip install --upgrade pip setuptools wheel && python -m pip install poetry==1.8.3
