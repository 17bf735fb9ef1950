# syntax=docker/dockerfile:1.7
# check=skip=JSONArgsRecommended

from alpine:3.19
cmd echo hi
