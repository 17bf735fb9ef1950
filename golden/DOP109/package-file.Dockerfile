FROM debian:bookworm-slim
COPY app.deb /tmp/
RUN apt-get update && apt-get install -y git && apt-get install -y /tmp/app.deb
