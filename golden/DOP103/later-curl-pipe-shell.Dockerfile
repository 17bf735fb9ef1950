FROM alpine:3.20
RUN apk update && apk add curl
RUN curl -fsSL https://example.com/setup.sh | sh
