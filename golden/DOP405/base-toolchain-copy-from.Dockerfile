FROM golang:1.22 AS build
RUN mkdir /target && cp -a /usr/local/go /target/
FROM debian:bookworm-slim
COPY --from=build /target/ /usr/local/
ENV PATH=/usr/local/go/bin:$PATH
