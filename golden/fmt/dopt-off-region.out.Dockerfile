FROM alpine:3.19
# dopt: off
run   apk add --no-cache   curl   &&\
        echo kept
ENV   A   1

# dopt: on
RUN echo formatted
