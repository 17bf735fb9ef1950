FROM opensuse/tumbleweed
RUN zypper -n ref && \
    zypper -n in -y \
        gcc \
        make \
        git-core && \
    zypper clean -a
