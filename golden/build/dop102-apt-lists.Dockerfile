FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends jq
CMD ["jq", "--version"]
