FROM debian:bookworm-slim
ADD context/payload /opt/
