FROM debian:bookworm-slim
# who to ask
LABEL org.opencontainers.image.authors="jane@example.com"
RUN echo hi
