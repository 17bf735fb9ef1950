FROM ubuntu:14.04
RUN apt-get update && apt-get install -y python-pip && pip install flask==0.10.1 && rm -rf /var/lib/apt/lists/* && \
    rm -rf ~/.cache/pip
