FROM golang:1.22 AS deps
RUN go mod download
FROM golang:1.22
RUN --mount=type=bind,from=deps,source=/go,target=/go go build -o /app .
