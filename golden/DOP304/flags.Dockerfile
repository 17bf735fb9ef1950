FROM debian:bookworm-slim
MAINTAINER --platform=linux/amd64 Jane Doe
