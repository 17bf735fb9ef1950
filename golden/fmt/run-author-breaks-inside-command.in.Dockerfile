FROM alpine:3.19
RUN curl -fsSL \
  -o /tmp/tool.tgz \
  https://example.com/tool.tgz && \
  tar -xzf /tmp/tool.tgz \
      -C /usr/local/bin
