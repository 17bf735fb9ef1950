FROM alpine:3.19
RUN echo formatted
# fmt: off
run   echo   kept
ENV   X   y
