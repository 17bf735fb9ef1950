FROM debian:bookworm-slim
RUN if [ "$(dpkg --print-architecture)" = amd64 ]; then \
        apt-get update; \
# the vendor repository only has amd64 builds
# (see their download page)
        apt-get install -y --no-install-recommends vendor-tool; \
    fi && \
    rm -rf /var/lib/apt/lists/*
