FROM golang:1.22-bookworm
WORKDIR /src
COPY . .
RUN ( export CGO_ENABLED=0 && go build -o /usr/local/bin/server ./cmd/server ) && \
    go test ./...
CMD ["server"]
