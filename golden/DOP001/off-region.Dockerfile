FROM debian:bookworm
# dopt: off
# dopt: ignore=DOP304
RUN echo hi
# dopt: on
