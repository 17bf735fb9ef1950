FROM debian:bookworm-slim
CMD chown -R app /data && \
    if [ ! -e /data/app.conf ]; then \
      cp /etc/app.conf /data/app.conf; \
    fi && \
    exec app
FROM debian:bookworm-slim
RUN set -eux; \
    case "$(dpkg --print-architecture)" in \
        amd64) arch=x86_64 ;; \
        arm64) arch=aarch64 ;; \
        *) echo >&2 unsupported; exit 1 ;; \
    esac; \
    echo "$arch"
