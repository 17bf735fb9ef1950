FROM debian:bookworm-slim
WORKDIR /srv/app
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
COPY . .
RUN npm ci --omit=dev
CMD ["node", "server.js"]
