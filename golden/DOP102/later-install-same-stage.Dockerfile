FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates
COPY certs/ /usr/local/share/ca-certificates/
RUN apt-get install -y --no-install-recommends curl && update-ca-certificates
