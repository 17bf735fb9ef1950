FROM debian:bookworm-slim
WORKDIR /srv/app
# runtime libraries
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
# dependency manifests first
COPY requirements.txt ./
# then the sources
COPY src/ ./src/
CMD ["python3", "-m", "src"]
