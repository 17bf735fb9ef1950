FROM debian:bookworm-slim
ADD context/missing.txt /opt/
