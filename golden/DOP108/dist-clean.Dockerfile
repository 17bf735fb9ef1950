FROM debian:trixie-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
COPY app /app
RUN apt-get dist-clean
