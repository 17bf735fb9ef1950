FROM debian:bookworm-slim
COPY docker-entrypoint.sh /usr/local/bin/
RUN groupadd -r -g 999 postgres && useradd -r -g postgres -u 999 postgres
RUN apt-get update && apt-get install -y --no-install-recommends postgresql && rm -rf /var/lib/apt/lists/*
