FROM debian:bookworm-slim
WORKDIR /srv/app
COPY app/ ./
COPY conf/app.ini ./conf/
# tools the entry point needs
RUN apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*
CMD ["./run.sh"]
