FROM golang:1.22 AS build
COPY id_rsa /root/.ssh/id_rsa
RUN go mod download
RUN rm /root/.ssh/id_rsa && go build -o /app ./cmd/app

FROM gcr.io/distroless/static
COPY --from=build /app /app
