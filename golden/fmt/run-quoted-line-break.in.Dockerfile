FROM alpine:3.19
run echo "first line \
second line" && \
        echo 'single \
   quoted'
