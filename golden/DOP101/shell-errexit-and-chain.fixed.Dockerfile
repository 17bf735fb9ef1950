FROM debian:bookworm
SHELL ["/bin/sh", "-e", "-c"]
RUN make && if make; then make check; fi; case $? in 0) ;; *) exit $? ;; esac; \
    ( set -x && ( cd /tmp && make ); set -eux ); \
    make install
