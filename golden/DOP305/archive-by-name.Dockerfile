FROM debian:bookworm-slim
ADD vendor.tar.gz /opt/
ADD tools.tgz data.xz /opt/
