FROM debian:bookworm-slim
add context/config.txt \
    /etc/app/
