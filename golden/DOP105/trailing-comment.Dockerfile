FROM opensuse/leap:15.6
RUN zypper -n in -y which  # scripts call which
