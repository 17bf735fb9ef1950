FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends curl
COPY entrypoint.sh /usr/local/bin/
RUN rm -rf /var/lib/apt/lists/*
ENTRYPOINT ["entrypoint.sh"]
