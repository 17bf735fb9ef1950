FROM golang:1.22 AS build
COPY .netrc /root/.netrc
RUN go build -o /app ./cmd/app

FROM gcr.io/distroless/static
COPY --from=build /app /app
