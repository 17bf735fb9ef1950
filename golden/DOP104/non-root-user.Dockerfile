FROM registry.access.redhat.com/ubi9/ubi:9.4
USER 1001
RUN dnf install -y git
