FROM golang:1.22 AS build
MAINTAINER build team
RUN go version

FROM debian:bookworm-slim
MAINTAINER Jane Doe <jane@example.com>
