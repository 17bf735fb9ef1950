FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends build-essential ca-certificates
COPY . /src
RUN cd /src && ./install-deps.sh
