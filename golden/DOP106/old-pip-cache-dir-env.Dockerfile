FROM debian:8
ENV PIP_CACHE_DIR=/var/cache/pip
RUN apt-get update && apt-get install -y python-pip && rm -rf /var/lib/apt/lists/*
RUN pip install requests==2.20.0
