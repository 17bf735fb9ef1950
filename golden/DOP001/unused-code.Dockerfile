FROM debian:bookworm
# dopt: ignore=DOP304
RUN echo hi
