FROM ubuntu:24.04
RUN curl -sL https://deb.nodesource.com/setup_20.x | sudo -E bash -
