FROM python:3.12-slim
RUN pip install --no-cache-dir \
    requests==2.31.0 \
    flask==3.0.0 \
    gunicorn \
    attrs
