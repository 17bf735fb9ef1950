from golang:1.22 as build
RUN go build -o /out/app ./cmd/app

FROM --platform=$BUILDPLATFORM   alpine:3.19   as   runtime
COPY --from=build /out/app /usr/local/bin/app
