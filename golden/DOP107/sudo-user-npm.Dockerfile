FROM node:20-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends sudo && rm -rf /var/lib/apt/lists/*
WORKDIR /home/node/app
COPY --chown=node:node package.json package-lock.json ./
RUN sudo -u node -H npm ci --omit=dev
