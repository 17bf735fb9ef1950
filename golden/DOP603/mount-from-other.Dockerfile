FROM alpine:3.20 AS cache
RUN echo warm
FROM golang:1.22 AS deps
RUN go mod download
FROM golang:1.22
RUN --mount=type=bind,from=deps,target=/deps go build -o /app .
