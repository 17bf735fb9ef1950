FROM python:3.12-slim
RUN pip install build==1.2.1 && rm -rf /root/.cache/pip
RUN make wheel
