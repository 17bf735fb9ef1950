FROM debian:bookworm-slim
COPY nginx.conf /etc/nginx/nginx.conf
RUN apt-get update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*
