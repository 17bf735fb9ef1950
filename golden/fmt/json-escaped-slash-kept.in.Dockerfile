FROM alpine:3.19
CMD ["\/usr\/bin\/app","--name","caf\u00e9"]
ENTRYPOINT [ "tini" , "--" ]   
