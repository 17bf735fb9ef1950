FROM debian:bookworm-slim
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends apache2; \
	rm -rf /var/lib/apt/lists/*; \
	\
# generically convert lines like
#   export APACHE_RUN_USER=www-data
# so that they can be overridden at runtime
	sed -ri 's/^export ([^=]+)=(.*)$/: ${\1:=\2}\nexport \1/' "$APACHE_ENVVARS"; \
	\
# setup directories and permissions
	for dir in \
		"$APACHE_LOCK_DIR" \
# https://salsa.debian.org/apache-team/apache2/-/commit/b97ca8714890ead1ba6c095699dde752e8433205
		"$APACHE_RUN_DIR/socks" \
	; do \
		mkdir -p "$dir"; \
		# an indented comment is re-indented
		chown www-data "$dir"; \
	done
RUN printf '%s\n' "first \
# inside the quotes: BuildKit drops this line, the layout keeps the text as written
	second"; \
	true
