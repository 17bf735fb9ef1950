FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && make \
    && apt-get purge -y build-essential \
    && apt-get autoremove -y
