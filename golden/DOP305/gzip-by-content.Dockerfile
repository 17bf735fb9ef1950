FROM debian:bookworm-slim
ADD context/blob.bin /opt/
