# The API server
FROM golang:1.22
LABEL org.opencontainers.image.source="https://example.com/api"
WORKDIR /src
COPY . .
# static binary
RUN CGO_ENABLED=0 go build -o /api ./cmd/api
EXPOSE 9000
ENTRYPOINT ["/api"]
