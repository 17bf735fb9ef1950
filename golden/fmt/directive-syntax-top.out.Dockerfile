# syntax=docker/dockerfile:1.7
# check=skip=JSONArgsRecommended

FROM alpine:3.19
CMD echo hi
