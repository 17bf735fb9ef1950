FROM debian:bookworm-slim
RUN ( for f in a.conf b.conf; do cp "/src/$f" /etc/app/; done ) && \
    echo "$f" > /etc/app/last && cat /etc/app/last
