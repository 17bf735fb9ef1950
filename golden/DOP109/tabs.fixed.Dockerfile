FROM debian:bookworm-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN apt-get update \
	&& apt-get install -y --no-install-recommends git make \
	&& rm -rf /var/lib/apt/lists/*
