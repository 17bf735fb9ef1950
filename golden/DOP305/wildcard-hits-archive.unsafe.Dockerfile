FROM debian:bookworm-slim
COPY context/pay* /opt/
