FROM debian:bookworm
RUN echo hi
