FROM debian:bookworm-slim
RUN apt-get update && apt-get install curl | tee /tmp/apt.log
