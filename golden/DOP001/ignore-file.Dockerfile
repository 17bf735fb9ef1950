FROM debian:bookworm
# dopt: ignore-file -- generated
# dopt: ignore=DOP999
RUN echo hi
