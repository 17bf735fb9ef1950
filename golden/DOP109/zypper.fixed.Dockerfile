FROM opensuse/leap:15.6
RUN zypper -n install -y tar gzip && zypper clean -a
