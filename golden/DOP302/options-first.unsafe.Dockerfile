FROM ubuntu:24.04
RUN apt-get -y -q autoremove && apt-get -qq full-upgrade -y
