FROM debian:bookworm-slim
WORKDIR /srv/app
COPY app/ ./
RUN (command -v jq || echo "no jq") > /srv/app/build-env.txt
RUN apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*
CMD ["./run.sh"]
