FROM debian:bookworm-slim
RUN if [ -n "$DEV" ]; then apt-get update && apt-get install -y gdb; fi
