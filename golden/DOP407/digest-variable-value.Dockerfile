FROM debian:bookworm-slim
ARG TINI_SHA256
ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
