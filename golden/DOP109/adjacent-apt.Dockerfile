FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends git && apt-get install -y --no-install-recommends openssh-client
