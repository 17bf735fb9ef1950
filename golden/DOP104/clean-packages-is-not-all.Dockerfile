FROM fedora:40
RUN dnf install -y nginx && dnf clean packages
COPY nginx.conf /etc/nginx/nginx.conf
