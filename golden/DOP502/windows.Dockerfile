FROM python:3.12-windowsservercore
COPY app.py /app/
