FROM fedora:40
WORKDIR /srv/pkg
COPY dist/ /srv/pkg/
RUN dnf install -y app-1.0-1.x86_64.rpm && dnf clean all
