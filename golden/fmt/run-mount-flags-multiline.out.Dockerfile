FROM python:3.12-slim
RUN --mount=type=cache,target=/root/.cache/pip --mount=type=bind,source=requirements.txt,target=/tmp/req.txt pip install -r /tmp/req.txt && \
    pip check
