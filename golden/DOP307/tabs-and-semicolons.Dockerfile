FROM debian:bookworm-slim
RUN set -eux; \
	apt-get install -y --no-install-recommends ca-certificates; \
	rm -rf /var/lib/apt/lists/*
