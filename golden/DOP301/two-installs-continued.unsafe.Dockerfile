FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install --no-install-recommends -y ca-certificates curl \
    && apt-get install -y --no-install-recommends git\
    && apt-get install --no-install-recommends -y make
