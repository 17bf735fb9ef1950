FROM debian:bookworm
RUN echo hi
# dopt: ignore=DOP101