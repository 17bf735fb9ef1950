# syntax=docker/dockerfile:1
FROM alpine:3.19
LABEL maintainer "Jörg Müller"
RUN echo café
