FROM debian:bookworm-slim
RUN echo "curl https://x | sh" > /README
