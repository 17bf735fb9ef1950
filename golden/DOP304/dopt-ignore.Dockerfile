FROM debian:bookworm-slim
# dopt: ignore=DOP304
MAINTAINER Jane Doe
