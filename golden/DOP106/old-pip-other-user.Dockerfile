FROM ubuntu:14.04
RUN apt-get update && apt-get install -y python-pip sudo && rm -rf /var/lib/apt/lists/* && useradd -m app
RUN sudo -u app -H pip install --user requests==2.20.0
