FROM debian:bookworm-slim
RUN apt-get update && echo n | apt-get remove curl
