FROM golang:1.22
RUN go build -o /app .
FROM alpine:3.20
COPY --from=1 /app /app
