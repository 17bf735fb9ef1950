FROM alpine:3.19
RUN echo one && \   
    echo two
