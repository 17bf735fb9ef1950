FROM debian:bookworm-slim
# hadolint ignore=DL4000
MAINTAINER Jane Doe
