FROM debian:bookworm-slim
COPY context/app/*.txt /app/
