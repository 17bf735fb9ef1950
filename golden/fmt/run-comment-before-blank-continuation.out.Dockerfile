FROM debian:bookworm-slim
RUN if [ -f /etc/debian_version ]; then \
        apt-get update; \
        # a comment line before an empty continuation line
        apt-get install -y --no-install-recommends curl; \
    fi
