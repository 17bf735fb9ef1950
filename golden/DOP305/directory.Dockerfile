FROM debian:bookworm-slim
ADD context/app/ /app/
