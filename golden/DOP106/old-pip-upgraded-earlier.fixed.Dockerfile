FROM debian:jessie
RUN apt-get update && apt-get install -y python-pip && rm -rf /var/lib/apt/lists/*
RUN pip install --upgrade pip && rm -rf ~/.cache/pip
RUN pip install --no-cache-dir requests==2.31.0
