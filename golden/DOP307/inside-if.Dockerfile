FROM debian:bookworm-slim
RUN if [ -n "$DEV" ]; then apt-get install -y gdb; fi
