FROM opensuse/leap:15.6
RUN zypper -n in -y xvfb-run & wait
