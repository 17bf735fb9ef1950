FROM debian:bookworm
# dopt: ignore=DOP304,DOP001
RUN echo hi
