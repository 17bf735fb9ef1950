FROM python:3.12-slim
COPY src/ /app/src/
COPY requirements.txt /app/
