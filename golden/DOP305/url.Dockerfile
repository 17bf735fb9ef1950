FROM debian:bookworm-slim
ADD https://example.com/tool.txt /opt/tool.txt
