FROM alpine:3.20
RUN apk update && apk add build-base
COPY . /src
RUN make -C /src install
