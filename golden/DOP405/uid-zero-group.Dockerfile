FROM alpine:3.20
USER 0:0
CMD ["sh"]
