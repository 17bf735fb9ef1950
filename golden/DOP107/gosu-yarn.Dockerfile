FROM node:20-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends gosu && rm -rf /var/lib/apt/lists/*
WORKDIR /home/node/app
COPY --chown=node:node . .
RUN gosu node yarn install --frozen-lockfile
