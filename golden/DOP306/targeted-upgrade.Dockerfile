FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --only-upgrade openssl
RUN $PKG upgrade
