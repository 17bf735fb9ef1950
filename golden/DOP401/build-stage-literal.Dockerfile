FROM golang:1.22 AS build
ENV GOPRIVATE=github.com/acme GIT_AUTH_TOKEN=Tk9vQ2xLm7Pw
RUN go build -o /app ./cmd/app

FROM gcr.io/distroless/static
COPY --from=build /app /app
