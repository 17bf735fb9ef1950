FROM alpine:3.19
run   echo formatted
# fmt: off
run   echo   kept
ENV   X   y
