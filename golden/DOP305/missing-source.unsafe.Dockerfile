FROM debian:bookworm-slim
COPY context/missing.txt /opt/
