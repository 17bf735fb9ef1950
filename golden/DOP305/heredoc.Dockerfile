FROM debian:bookworm-slim
ADD <<EOF /etc/motd
hello
EOF
