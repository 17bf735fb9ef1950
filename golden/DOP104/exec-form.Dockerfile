FROM fedora:40
RUN ["/bin/sh", "-c", "dnf install -y procps-ng"]
