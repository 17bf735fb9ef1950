FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*
COPY . /usr/src/app
RUN ( cd /usr/src/app && make ) && \
    make -C /usr/src/app install
CMD ["app"]
