FROM debian:bookworm-slim
ARG KUBECTL_SHA256=7c5b8b8ed6ae1b0e5ea8d4d2c3d0a9d6c6e8a6b8a0f4d2b3c1e2f3a4b5c6d7e8
add --checksum=sha256:7c5b8b8ed6ae1b0e5ea8d4d2c3d0a9d6c6e8a6b8a0f4d2b3c1e2f3a4b5c6d7e8 --chmod=755 https://dl.k8s.io/release/v1.30.0/bin/linux/amd64/kubectl /usr/local/bin/kubectl
