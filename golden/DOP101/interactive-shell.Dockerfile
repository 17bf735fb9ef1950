FROM debian:bookworm-slim
SHELL ["/bin/bash", "-i", "-c"]
RUN rbenv install 3.3.0
RUN rbenv global 3.3.0
