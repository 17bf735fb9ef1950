FROM alpine:3.20
COPY app /app
USER nobody
CMD ["/app"]
