FROM debian:bookworm-slim
# who to ask
maintainer   jane@example.com
RUN echo hi
