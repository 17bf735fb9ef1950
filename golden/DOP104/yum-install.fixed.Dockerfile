FROM amazonlinux:2
RUN yum install -y httpd mod_ssl \
    && yum update -y \
    && yum clean all && rm -rf /var/cache/yum
EXPOSE 80
CMD ["httpd", "-DFOREGROUND"]
