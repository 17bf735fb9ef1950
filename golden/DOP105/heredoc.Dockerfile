# syntax=docker/dockerfile:1
FROM opensuse/leap:15.6
RUN <<EOF
zypper -n ref
zypper -n in -y vim
EOF
