FROM python:3.12-slim
RUN useradd -m app
USER app
WORKDIR /home/app
RUN pip install --user flask==3.0.3
