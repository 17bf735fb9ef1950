FROM debian:bookworm-slim
# dopt: ignore=DOP303
RUN apt-get update && apt-get install curl
