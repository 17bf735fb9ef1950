FROM opensuse/leap:15.6
RUN useradd -m builder
USER builder
RUN zypper -n in -y rpm-build
