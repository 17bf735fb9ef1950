FROM debian:bookworm-slim
SHELL ["/bin/bash", "-c"]
RUN mapfile -t files < /src/list.txt && cp "${files[@]}" /opt/app/
RUN ls /opt/app
