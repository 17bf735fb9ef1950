FROM debian:bookworm
RUN apt-get update && apt-get install -y git
RUN git clone https://github.com/example/service.git /go/src/service
RUN apt-get install -y golang
WORKDIR /go/src/service
RUN go build .
