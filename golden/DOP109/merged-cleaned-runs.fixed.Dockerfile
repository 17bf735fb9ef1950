FROM centos:7
RUN yum install -y epel-release jq curl && yum clean all
