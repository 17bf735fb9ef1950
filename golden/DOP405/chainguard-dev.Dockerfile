FROM cgr.dev/chainguard/python:latest-dev
COPY app.py /app/
CMD ["python", "/app/app.py"]
