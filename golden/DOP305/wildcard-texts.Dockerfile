FROM debian:bookworm-slim
ADD context/app/*.txt /app/
