FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
