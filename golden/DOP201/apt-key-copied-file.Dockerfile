FROM debian:bookworm-slim
COPY repo-key.gpg /srv/keys/repo-key.gpg
RUN apt-key add /srv/keys/repo-key.gpg && apt-get update && apt-get install -y --no-install-recommends example-agent
