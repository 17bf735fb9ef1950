FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends git go && \
    rm -rf /var/lib/apt/lists/*
RUN git clone https://github.com/example/service.git /src
WORKDIR /src
RUN go build .
