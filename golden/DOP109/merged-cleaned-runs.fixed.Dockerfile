FROM centos:7
RUN yum install -y epel-release && yum clean all && yum install -y jq curl && yum clean all
