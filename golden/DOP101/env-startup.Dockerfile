FROM debian:bookworm-slim
ENV ENV=/etc/shinit
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl
