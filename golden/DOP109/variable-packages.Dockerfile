FROM debian:bookworm-slim
ARG EXTRA
RUN apt-get update && apt-get install -y git && apt-get install -y $EXTRA
