FROM ubuntu:trusty-20190515
RUN apt-get update && apt-get install -y python-pip && rm -rf /var/lib/apt/lists/*
RUN pip install -U pip && pip install requests==2.31.0 && rm -rf ~/.cache/pip
