# syntax=docker/dockerfile:1
FROM python:3.12-slim
RUN <<EOF
set -e
pip install --upgrade pip
pip install -r /tmp/requirements.txt
EOF
