FROM alpine:3.20 AS base
RUN apk update && apk add python3

FROM base AS dev
RUN ["apk", "add", "gdb"]
