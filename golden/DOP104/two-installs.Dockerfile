FROM centos:7
RUN yum install -y epel-release
COPY app.repo /etc/yum.repos.d/
RUN yum install -y app
