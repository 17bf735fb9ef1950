FROM fedora:40
RUN dnf install -y xorg-x11-server-Xvfb && (Xvfb :99 &)
RUN dnf clean all
