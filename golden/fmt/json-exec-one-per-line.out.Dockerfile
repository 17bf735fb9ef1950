FROM alpine:3.19
VOLUME ["/var/media/music", \
    "/var/media/podcasts", \
    "/var/media/videos"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", \
    "--storage.tsdb.path=/prometheus"]
COPY [ \
    "docker/rootfs/etc/ImageMagick-6/paperless-policy.xml", \
    "./" \
]
ENTRYPOINT ["/bin/sh", \
# column 0
    "-c", \
    # indented
    "exec app"]
SHELL [ \
    "/bin/bash", "-o", "pipefail", "-c"]
HEALTHCHECK --interval=10s --timeout=5s --retries=3 --start-period=300s \
    CMD ["curl", "-isfL", "--insecure", "http://localhost/health"]
