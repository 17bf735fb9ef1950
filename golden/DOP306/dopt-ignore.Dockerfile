FROM debian:bookworm-slim
# dopt: ignore=DOP306
RUN apt-get update && apt-get upgrade -y
