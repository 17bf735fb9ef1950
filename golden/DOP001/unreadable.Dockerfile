FROM debian:bookworm
# dopt: ignore DOP304
MAINTAINER Jane Doe
# dopt: ignroe=DOP101
RUN echo hi
