FROM debian:bookworm-slim
ADD context/pay* /opt/
