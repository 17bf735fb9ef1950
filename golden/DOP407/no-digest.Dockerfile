FROM debian:bookworm-slim
ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
