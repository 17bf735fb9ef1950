FROM debian:bookworm-slim
RUN apt-get update # refresh the package lists
RUN apt-get install -y --no-install-recommends curl
