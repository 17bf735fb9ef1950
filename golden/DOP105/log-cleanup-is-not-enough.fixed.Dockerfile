FROM opensuse/leap:15.6
RUN zypper -n in -y nginx && rm -rf /var/log/zypp* && zypper clean -a
