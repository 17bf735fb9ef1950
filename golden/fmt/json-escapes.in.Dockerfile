FROM alpine:3.19
CMD ["sh","-c","echo \"quoted\" and back\\slash"]
ENTRYPOINT ["printf","tab\there\n"]
RUN [ "sh", "-c", "printf '%s\\n' \"$HOME\"" ]
