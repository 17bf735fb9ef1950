FROM debian:bookworm
# why: keep it
# dopt: ignore=all
RUN echo hi
