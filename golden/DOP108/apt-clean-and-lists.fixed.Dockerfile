FROM debian:bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates git \
 && apt-get clean && rm -rf /var/lib/apt/lists/*
# clean up
