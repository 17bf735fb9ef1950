FROM debian:bookworm
# fmt: off
RUN echo hi
# fmt: on
