FROM debian:bookworm-slim
WORKDIR /app
RUN echo hello
COPY . /app
EXPOSE 8080
USER nobody
CMD ["./server"]
