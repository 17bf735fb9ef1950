FROM golang:1.22 AS builder
RUN go build -o /app .
FROM golang:1.22 AS builder2
RUN go build -o /app2 .
FROM alpine:3.20
COPY --from=builder /app /app
