FROM debian:bookworm
VOLUME ["/data	logs"]
VOLUME ["/a", "/b"]
EXPOSE 80 443
