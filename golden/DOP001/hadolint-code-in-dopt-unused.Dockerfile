FROM debian:bookworm
# dopt: ignore=DL4000
RUN echo hi
