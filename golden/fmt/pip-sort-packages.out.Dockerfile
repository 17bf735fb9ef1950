FROM python:3.12-slim
RUN pip install --no-cache-dir \
        attrs \
        flask==3.0.0 \
        gunicorn \
        requests==2.31.0
