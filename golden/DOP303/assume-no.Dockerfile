FROM debian:bookworm-slim
RUN apt-get --assume-no remove perl
