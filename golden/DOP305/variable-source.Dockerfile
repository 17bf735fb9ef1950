FROM debian:bookworm-slim
ARG SRC=context/config.txt
ADD $SRC /opt/
