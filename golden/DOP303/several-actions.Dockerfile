FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install --no-install-recommends build-essential \
    && make \
    && apt-get purge build-essential \
    && apt-get autoremove
