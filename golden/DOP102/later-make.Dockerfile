FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends build-essential
WORKDIR /src
COPY Makefile .
RUN make deps
