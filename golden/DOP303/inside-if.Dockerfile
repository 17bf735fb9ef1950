FROM debian:bookworm-slim
RUN apt-get update && if [ ! -x /usr/bin/curl ]; then apt-get install curl; fi
