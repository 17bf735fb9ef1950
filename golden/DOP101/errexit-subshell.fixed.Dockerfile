FROM debian:bookworm-slim
ENV REDIS_VERSION=7.2.4
RUN ( set -eux; \
    wget -O redis.tar.gz "https://download.redis.io/releases/redis-$REDIS_VERSION.tar.gz"; \
    echo "$REDIS_SHA256 *redis.tar.gz" | sha256sum -c -; \
    tar -xzf redis.tar.gz -C /usr/src/redis --strip-components=1 ); case $? in 0) ;; *) exit $? ;; esac; \
    make -C /usr/src/redis install
