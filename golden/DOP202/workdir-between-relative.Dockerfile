FROM python:3.12-slim
WORKDIR /app
COPY . .
WORKDIR /app/service
RUN pip install -r requirements.txt
