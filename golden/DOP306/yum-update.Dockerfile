FROM rockylinux:9
RUN yum update -y
RUN yum update -y openssl
