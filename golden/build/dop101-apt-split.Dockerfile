FROM debian:bookworm
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl ca-certificates
RUN apt-get clean
CMD ["curl", "--version"]
