FROM debian:bookworm-slim
RUN apt-get update && \
    apt-get install -y --no-install-recommends python3-pip && \
    rm -rf /var/lib/apt/lists/*
# docopt 0.6.2 is published as an sdist only: pip builds a wheel and caches it
RUN pip install --break-system-packages docopt==0.6.2
