FROM opensuse/leap:15.6
SHELL ["/bin/bash", "-c"]
RUN zypper -n in -y tar gzip && tar --version && zypper clean -a
