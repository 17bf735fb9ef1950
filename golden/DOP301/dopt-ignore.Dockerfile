FROM debian:bookworm-slim
# dopt: ignore=DOP301
RUN apt-get update && apt-get install -y curl
