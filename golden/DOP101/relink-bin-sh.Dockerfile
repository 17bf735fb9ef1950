FROM debian:bookworm-slim
RUN ln -sf /bin/bash /bin/sh
RUN echo "${PIPESTATUS[0]}" > /tmp/status
