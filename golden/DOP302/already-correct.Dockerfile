FROM ubuntu:24.04
RUN apt-get update && apt-get install -y curl
RUN apt-cache policy curl && apt-key list && echo apt
