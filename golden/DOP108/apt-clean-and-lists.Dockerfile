FROM debian:bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates git
# clean up
RUN apt-get clean && rm -rf /var/lib/apt/lists/*
