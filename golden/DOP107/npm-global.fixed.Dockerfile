FROM debian:bookworm
RUN apt-get update && apt-get install -y nodejs npm && rm -rf /var/lib/apt/lists/*
RUN npm install -g typescript@5.4.5 && npm cache clean --force
