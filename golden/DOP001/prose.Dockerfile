FROM debian:bookworm
# dopt is what formats this file
# dopt; ignore=DOP304
RUN echo hi
