FROM python:3.12-slim
COPY requirements.txt /tmp/
RUN pip install -r /tmp/requirements.txt && rm -rf /root/.cache/pip
