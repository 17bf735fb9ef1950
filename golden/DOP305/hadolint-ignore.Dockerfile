FROM debian:bookworm-slim
# hadolint ignore=DL3020
ADD context/config.txt /etc/app/
