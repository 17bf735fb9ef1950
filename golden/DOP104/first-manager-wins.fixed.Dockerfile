FROM rockylinux:9
RUN dnf install -y epel-release && yum install -y jq && \
    dnf clean all && rm -rf /var/cache/dnf
