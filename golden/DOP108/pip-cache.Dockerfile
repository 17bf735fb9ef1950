FROM python:3.12-slim
COPY requirements.txt /tmp/
RUN pip install -r /tmp/requirements.txt
RUN rm -rf /root/.cache/pip
