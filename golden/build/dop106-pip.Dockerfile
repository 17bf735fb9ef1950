FROM debian:bookworm-slim
RUN apt-get update && \
    apt-get install -y --no-install-recommends python3-pip && \
    rm -rf /var/lib/apt/lists/*
COPY requirements.txt /srv/app/requirements.txt
RUN pip install --break-system-packages -r /srv/app/requirements.txt
