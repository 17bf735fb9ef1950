FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN --mount=type=bind,source=requirements.txt,target=/tmp/r.txt pip install -r /tmp/r.txt -r requirements.txt
