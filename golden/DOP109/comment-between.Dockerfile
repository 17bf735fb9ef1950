FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y git \
    # make for the build
    && apt-get install -y make
