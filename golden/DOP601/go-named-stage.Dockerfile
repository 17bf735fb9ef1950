FROM golang:1.22 AS app
WORKDIR /src
COPY . .
RUN export CGO_ENABLED=0 && go build -o /bin/app .
ENTRYPOINT ["/bin/app"]
