FROM debian:trixie-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && \
    apt-get dist-clean
COPY app /app
