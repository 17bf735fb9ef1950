# hadolint ignore=DL3006
FROM ubuntu
RUN echo hi
