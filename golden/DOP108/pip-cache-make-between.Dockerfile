FROM python:3.12-slim
RUN pip install build==1.2.1
RUN make wheel
RUN rm -rf /root/.cache/pip
