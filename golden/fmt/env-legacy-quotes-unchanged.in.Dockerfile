FROM alpine:3.19
ENV MESSAGE "hello world"
ENV SINGLE 'it is'
ENV WIN_PATH C:\\tools\\bin
