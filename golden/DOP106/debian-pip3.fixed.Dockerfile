FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends python3-pip \
    && pip3 install --no-cache-dir --break-system-packages requests \
    && rm -rf /var/lib/apt/lists/*
