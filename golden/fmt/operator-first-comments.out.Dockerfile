FROM alpine:3.19
RUN set -e; \
    # first step
    echo one \
    # second step
    && echo two
