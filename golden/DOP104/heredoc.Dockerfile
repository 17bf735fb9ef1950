# syntax=docker/dockerfile:1
FROM rockylinux:9
RUN <<EOT bash
  set -euo pipefail
  dnf install -y epel-release
  dnf install -y htop
EOT
