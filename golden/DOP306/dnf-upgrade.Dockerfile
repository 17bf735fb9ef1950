FROM fedora:40
RUN dnf upgrade -y --refresh && dnf clean all
