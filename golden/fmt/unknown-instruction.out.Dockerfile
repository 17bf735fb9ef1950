FROM alpine:3.19
frobnicate   the   widgets
RUN echo ok
