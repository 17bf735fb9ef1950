FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go mod download
RUN go build -o /out/app .

FROM debian:bookworm-slim
COPY --from=build /out/app /usr/local/bin/app
CMD ["app"]
