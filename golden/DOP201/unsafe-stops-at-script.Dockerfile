FROM debian:bookworm-slim
COPY scripts/ /srv/scripts/
RUN /srv/scripts/add-vendor-repo.sh
RUN apt-get update && apt-get install -y --no-install-recommends vendor-agent && rm -rf /var/lib/apt/lists/*
