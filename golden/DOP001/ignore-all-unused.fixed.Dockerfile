FROM debian:bookworm
# why: keep it
RUN echo hi
