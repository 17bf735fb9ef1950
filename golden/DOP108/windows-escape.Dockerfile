# escape=`
FROM debian:bookworm
RUN apt-get update && apt-get install -y curl
RUN rm -rf /var/lib/apt/lists/*
