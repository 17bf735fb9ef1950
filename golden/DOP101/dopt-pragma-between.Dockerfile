FROM debian:bookworm-slim
RUN apt-get update
# dopt: ignore=DOP102
RUN apt-get install -y --no-install-recommends curl
