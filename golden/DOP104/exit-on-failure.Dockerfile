FROM rockylinux:9
RUN dnf install -y java-17-openjdk-headless || exit 1
