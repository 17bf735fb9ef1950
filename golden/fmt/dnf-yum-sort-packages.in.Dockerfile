FROM fedora:40
RUN dnf install -y \
        which \
        tar \
        gzip && \
    dnf clean all
FROM centos:7
RUN yum install -y \
        unzip \
        epel-release && \
    yum clean all
