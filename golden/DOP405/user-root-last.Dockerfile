FROM debian:bookworm-slim
RUN useradd -r app
USER app
RUN echo hi
USER root
CMD ["bash"]
