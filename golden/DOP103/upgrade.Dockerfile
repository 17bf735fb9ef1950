FROM alpine:3.20
RUN apk upgrade && apk add --no-cache tzdata
ENV TZ=Europe/Berlin
