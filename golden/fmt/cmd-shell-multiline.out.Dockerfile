FROM alpine:3.19
CMD echo starting && \
    exec /app/server
