FROM debian:bookworm-slim
SHELL ["/bin/bash", "-c"]
ENV BASH_ENV=/etc/profile.d/venv.sh
RUN python -m venv /opt/venv
RUN pip install flask
