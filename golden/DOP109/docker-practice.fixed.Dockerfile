FROM debian:bookworm
RUN apt install -y git
RUN git clone https://github.com/example/service.git /src
RUN apt install -y go
WORKDIR /src
RUN go build .
