FROM debian:bookworm-slim
RUN kubectl version --client; curl -fsSLo /usr/local/bin/kubectl https://dl.k8s.io/release/v1.30.0/bin/linux/amd64/kubectl; chmod +x /usr/local/bin/kubectl && \
    hash -r && kubectl version --client
