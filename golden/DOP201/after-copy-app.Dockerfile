FROM debian:bookworm-slim
COPY . /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
CMD ["python3", "main.py"]
