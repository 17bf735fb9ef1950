# dopt-test: select=DOP101,DOP102,DOP109,DOP201,DOP301,DOP302,DOP303,DOP307
FROM debian:bookworm
RUN apt install git
RUN git clone https://github.com/example/service.git /src
RUN apt install go
WORKDIR /src
RUN go build .
