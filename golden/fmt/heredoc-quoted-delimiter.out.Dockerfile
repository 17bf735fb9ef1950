# syntax=docker/dockerfile:1
FROM alpine:3.19
RUN <<'EOF'
echo "$HOME is not expanded here"
  keep   these   spaces  
EOF
COPY <<"END" /etc/motd
Welcome, $USER
END
