FROM debian:bookworm-slim
RUN go build -o /app .
