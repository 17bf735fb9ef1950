FROM debian:bookworm
RUN apt-get update
# then the tools
RUN apt-get install -y --no-install-recommends curl
