FROM debian:bookworm-slim
RUN apt-get update && \
    apt-get install -y --no-install-recommends npm && \
    rm -rf /var/lib/apt/lists/*
WORKDIR /srv/app
COPY package.json ./
RUN npm install --omit=dev
