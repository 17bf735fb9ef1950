FROM debian:bookworm-slim
WORKDIR /srv/pkg
COPY dist/app_1.0_amd64.deb ./
RUN apt-get update && apt-get install -y --no-install-recommends ./app_1.0_amd64.deb && rm -rf /var/lib/apt/lists/*
