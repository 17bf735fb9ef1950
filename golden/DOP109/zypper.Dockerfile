FROM opensuse/leap:15.6
RUN zypper -n install -y tar && zypper -n install -y gzip && zypper clean -a
