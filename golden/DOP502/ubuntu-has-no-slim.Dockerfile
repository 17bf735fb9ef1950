FROM ubuntu:24.04
COPY app /app
