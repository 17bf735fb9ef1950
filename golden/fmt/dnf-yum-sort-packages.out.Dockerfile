FROM fedora:40
RUN dnf install -y \
        gzip \
        tar \
        which && \
    dnf clean all
FROM centos:7
RUN yum install -y \
        epel-release \
        unzip && \
    yum clean all
