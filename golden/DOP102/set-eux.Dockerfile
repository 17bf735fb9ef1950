FROM debian:bookworm-slim
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends gosu; \
    gosu nobody true
ENTRYPOINT ["gosu"]
