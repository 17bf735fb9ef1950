# dopt-test: cache-mounts, select=DOP108,DOP203
FROM debian:bookworm
RUN apt-get update && apt-get install -y curl
COPY app /app
RUN rm -rf /var/lib/apt/lists/*
