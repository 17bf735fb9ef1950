FROM debian:bookworm-slim
RUN curl -fsSL https://get.example.com | sh
