ARG BASE=python
FROM $BASE
RUN echo hi
