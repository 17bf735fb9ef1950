FROM debian:bookworm-slim
RUN if [ -f /etc/debian_version ]; then \
        apt-get update; \
# a comment line before an empty continuation line
        apt-get install -y --no-install-recommends curl; \
    fi
RUN case "$(uname -m)" in \
        x86_64) \
# the release names amd64 builds x86_64
# (and arm64 ones aarch64)
            arch=x86_64 ;; \
        *) arch="$(uname -m)" ;; \
    esac && \
    echo "$arch"
