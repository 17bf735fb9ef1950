FROM debian:bookworm-slim
# the first RUN changes directory: merged, it must run in a subshell
RUN cd /srv && mkdir -p data && touch data/.keep
RUN pwd > /srv/where.txt
