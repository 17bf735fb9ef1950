FROM debian:bookworm-slim
RUN useradd -r -u 10001 app
USER app
CMD ["bash"]
