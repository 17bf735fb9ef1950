FROM debian:bookworm-slim
SHELL ["/bin/bash", "-c"]
RUN printf -v stamp "%s" "$(date +%Y%m%d)" && echo "$stamp" > /etc/build-stamp
RUN cat /etc/build-stamp
