FROM alpine:3.19
RUN mkdir -p /data || true; \
    chown nobody /data && \
    test -d /data || exit 1; \
    echo done
