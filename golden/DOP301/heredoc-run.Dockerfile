FROM debian:bookworm-slim
RUN <<EOF
apt-get update
apt-get install -y curl
EOF
