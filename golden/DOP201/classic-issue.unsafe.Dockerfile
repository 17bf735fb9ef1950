FROM debian:bookworm
RUN apt-get update && apt-get install -y git
RUN apt-get install -y golang
RUN git clone https://github.com/example/service.git /go/src/service
WORKDIR /go/src/service
RUN go build .
