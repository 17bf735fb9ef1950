FROM debian:bookworm-slim AS base
LABEL org.opencontainers.image.authors=team

FROM base
MAINTAINER Jane Doe
