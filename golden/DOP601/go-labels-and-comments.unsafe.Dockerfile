# The API server
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
# static binary
RUN CGO_ENABLED=0 go build -o /api ./cmd/api

FROM gcr.io/distroless/static-debian12
WORKDIR /src
COPY --from=build /api /api
LABEL org.opencontainers.image.source="https://example.com/api"
EXPOSE 9000
ENTRYPOINT ["/api"]
