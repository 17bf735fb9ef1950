FROM debian:bookworm-slim
MAINTAINER Jane Doe
LABEL version=1 \
      "org.opencontainers.image.authors"="Jane Doe"
