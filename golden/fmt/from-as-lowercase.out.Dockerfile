FROM golang:1.22 AS build
RUN go build -o /out/app ./cmd/app

FROM --platform=$BUILDPLATFORM alpine:3.19 AS runtime
COPY --from=build /out/app /usr/local/bin/app
