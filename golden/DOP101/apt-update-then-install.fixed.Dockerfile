FROM debian:bookworm
RUN apt-get update && \
    # then the tools
    apt-get install -y --no-install-recommends curl
