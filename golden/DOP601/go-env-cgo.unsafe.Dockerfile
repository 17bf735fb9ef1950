FROM golang:1.22-bookworm AS build
ENV CGO_ENABLED=0
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -trimpath -o /usr/local/bin/server ./cmd/server

FROM gcr.io/distroless/static-debian12
WORKDIR /src
COPY --from=build /usr/local/bin/server /usr/local/bin/server
USER 65532
CMD ["/usr/local/bin/server", "--port", "80"]
