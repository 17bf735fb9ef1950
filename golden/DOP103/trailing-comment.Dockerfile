FROM alpine:3.20
RUN apk add --update git openssh-client  # go get needs git
