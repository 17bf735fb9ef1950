FROM debian:bookworm-slim
COPY . /srv/app
WORKDIR /srv/app
USER root
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
