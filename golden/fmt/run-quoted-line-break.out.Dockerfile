FROM alpine:3.19
RUN echo "first line \
second line" && \
        echo 'single \
   quoted'
