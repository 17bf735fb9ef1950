FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*
ADD config/ /srv/config/
CMD ["nginx", "-g", "daemon off;"]
