FROM debian:bookworm-slim
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends jq
ENV APP_HOME=/srv/app
RUN rm -rf /var/lib/apt/lists/*
COPY app/ /srv/app/
