FROM debian:bookworm-slim
ADD https://example.com/releases/tool-1.2.tar.gz /tmp/
RUN echo "4b825dc642cb6eb9a060e54bf8d69288fbee4904b825dc642cb6eb9a060e54bf  /tmp/tool-1.2.tar.gz" | sha256sum -c - \
 && tar -xzf /tmp/tool-1.2.tar.gz -C /usr/local
