FROM ubuntu:24.04
RUN echo hi
