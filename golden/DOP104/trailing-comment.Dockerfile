FROM centos:7
RUN yum install -y gcc  # the native extension needs a compiler
