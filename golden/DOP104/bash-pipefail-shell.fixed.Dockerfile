FROM amazonlinux:2023
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN dnf -y install python3 python3-pip \
 && curl -fsSL https://example.com/install.sh | bash \
 && dnf clean all && rm -rf /var/cache/dnf
