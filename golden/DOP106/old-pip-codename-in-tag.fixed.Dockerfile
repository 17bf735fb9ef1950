FROM node:6-jessie
RUN apt-get update && apt-get install -y python-pip && rm -rf /var/lib/apt/lists/*
USER node
RUN pip install --user awscli==1.16.0 && rm -rf ~/.cache/pip
