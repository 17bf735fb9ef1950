FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends build-essential \
 && make -C /src && make -C /src install \
 && apt-get purge -y --auto-remove build-essential && rm -rf /var/lib/apt/lists/*
CMD ["/usr/local/bin/app"]
