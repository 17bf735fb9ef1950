FROM golang:1.22 AS build
MAINTAINER Jane Doe <jane@example.com>
RUN go version

FROM debian:bookworm-slim
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
