FROM amazonlinux:2
RUN yum install -y httpd mod_ssl \
    && yum update -y
EXPOSE 80
CMD ["httpd", "-DFOREGROUND"]
