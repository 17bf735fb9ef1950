FROM debian:bookworm-slim
RUN ( mkdir -p /srv/a && cd /srv/a ) && \
    touch x && \
    # then the second folder
    ( mkdir -p /srv/b && cd /srv/b && touch y ) && \
    pwd
