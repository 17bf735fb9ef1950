FROM fedora:40
RUN dnf install -y httpd
COPY site/ /var/www/html/
RUN dnf clean all
