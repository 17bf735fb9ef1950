FROM alpine:3.20
COPY entrypoint.sh /
ENTRYPOINT ["/entrypoint.sh"]
