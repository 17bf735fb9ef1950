FROM debian:bookworm-slim
RUN <<EOF
apt-get update
apt-get upgrade -y
EOF
