FROM fedora:40
RUN dnf install -y gcc make && dnf -y upgrade && \
    dnf clean all && rm -rf /var/cache/dnf
