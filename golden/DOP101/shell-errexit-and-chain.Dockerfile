FROM debian:bookworm
SHELL ["/bin/sh", "-e", "-c"]
RUN make && if make; then make check; fi
RUN set -x && ( cd /tmp && make ); set -eux
RUN make install
