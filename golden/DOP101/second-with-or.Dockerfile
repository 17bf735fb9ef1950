FROM debian:bookworm-slim
RUN apt-get update
RUN apt-get install -y --no-install-recommends locales || apt-get install -y --fix-missing locales
