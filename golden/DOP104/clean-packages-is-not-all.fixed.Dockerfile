FROM fedora:40
RUN dnf install -y nginx && dnf clean packages && \
    dnf clean all && rm -rf /var/cache/dnf
COPY nginx.conf /etc/nginx/nginx.conf
