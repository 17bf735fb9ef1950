FROM fedora:40
RUN dnf install -y xorg-x11-server-Xvfb firefox && (Xvfb :99 &)
