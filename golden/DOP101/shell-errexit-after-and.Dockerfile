FROM debian:bookworm
SHELL ["/bin/sh", "-e", "-c"]
RUN make
RUN set -e
RUN set -e
