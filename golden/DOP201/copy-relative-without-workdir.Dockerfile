# The base image sets WORKDIR /usr/src/app: a relative COPY writes into a system folder.
FROM node:20-bookworm
COPY . app/
RUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*
