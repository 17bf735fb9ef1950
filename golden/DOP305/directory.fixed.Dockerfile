FROM debian:bookworm-slim
COPY context/app/ /app/
