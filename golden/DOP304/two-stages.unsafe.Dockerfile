FROM golang:1.22 AS build
LABEL org.opencontainers.image.authors="build team"
RUN go version

FROM debian:bookworm-slim
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
