FROM debian:bookworm-slim
COPY context/config.txt \
    /etc/app/
