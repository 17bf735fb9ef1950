FROM debian:bookworm-slim
RUN export GREETING=hello && echo "$GREETING" > /srv/first.txt
RUN echo "${GREETING:-unset}" > /srv/second.txt
