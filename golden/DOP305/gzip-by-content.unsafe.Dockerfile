FROM debian:bookworm-slim
COPY context/blob.bin /opt/
