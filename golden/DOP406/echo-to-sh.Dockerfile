FROM debian:bookworm-slim
RUN echo 'echo hi' | sh
