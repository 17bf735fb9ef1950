FROM debian:bookworm-slim
ENV PHPIZE_DEPS \
		autoconf \
		dpkg-dev \
		file \
		g++ \
		re2c
ENV PHP_INI_DIR \
    /usr/local/etc/php
env GPG_KEYS   39B641343D8C104B2B146DC3F9C39DC0B9698544 \
	E60913E4DF209907D8E30D96659A97C9CF2A795A
LABEL description A small \
      example image
ARG NGINX_CONFIG=" \
		--prefix=/etc/nginx \
		--with-threads"
ENV A=1 \
    B="x \
  y" \
    C=3
RUN apt-get install -y --no-install-recommends $PHPIZE_DEPS
