FROM ubuntu:24.04
RUN apt -y -q autoremove && apt -qq full-upgrade -y
