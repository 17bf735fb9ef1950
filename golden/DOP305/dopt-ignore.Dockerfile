FROM debian:bookworm-slim
# dopt: ignore=DOP305
ADD context/config.txt /etc/app/
