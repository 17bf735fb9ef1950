# dopt-test: cache-mounts
FROM debian:bookworm
RUN useradd -u 1000 -m build
RUN sudo -u build pip install --user flask
