FROM debian:bookworm-slim
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends jq
# WORKDIR creates /srv/app; buildah 1.28 only keeps it in the image if a later step makes a layer
WORKDIR /srv/app
RUN rm -rf /var/lib/apt/lists/*
