FROM debian:bookworm-slim
RUN apt-get update
COPY app.conf /etc/app.conf
RUN apt-get install -y curl
