FROM debian:bookworm
SHELL ["/bin/sh", "-e", "-c"]
RUN make && \
    ( set -e ); case $? in 0) ;; *) exit $? ;; esac; \
    set -e
