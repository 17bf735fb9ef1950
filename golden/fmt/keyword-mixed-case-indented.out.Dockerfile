FROM alpine:3.19
RUN apk add --no-cache curl
WORKDIR /srv
ENTRYPOINT ["/bin/sh"]
