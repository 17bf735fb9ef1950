FROM centos:7
RUN yum install -y epel-release && yum clean all && rm -rf /var/cache/yum
COPY app.repo /etc/yum.repos.d/
RUN yum install -y app && yum clean all && rm -rf /var/cache/yum
