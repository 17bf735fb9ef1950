FROM debian:bookworm-slim
WORKDIR /srv/app
COPY app/ ./
RUN mkdir -p /srv/app/data && chmod 0755 /srv/app/run.sh
RUN apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*
CMD ["./run.sh"]
