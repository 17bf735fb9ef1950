FROM golang AS build
RUN go build -o /app .
FROM gcr.io/distroless/static-debian12
COPY --from=build /app /app
