FROM debian:bookworm-slim
COPY context/payload /opt/
