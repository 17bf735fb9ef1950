FROM debian:bookworm
# hadolint ignore=DL3008,DL9999
RUN echo hi
# hadolint global ignore=DL3006
