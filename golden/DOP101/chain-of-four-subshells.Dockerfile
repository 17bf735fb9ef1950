FROM debian:bookworm-slim
RUN mkdir -p /srv/a && cd /srv/a
RUN touch x
# then the second folder
RUN mkdir -p /srv/b && cd /srv/b && touch y
RUN pwd
