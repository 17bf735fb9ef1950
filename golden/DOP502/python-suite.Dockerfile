FROM python:3.12-bookworm
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir flask
CMD ["flask", "run"]
