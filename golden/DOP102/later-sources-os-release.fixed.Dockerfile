FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && \
    rm -rf /var/lib/apt/lists/*
RUN . /etc/os-release && echo "$VERSION_CODENAME" > /etc/codename
