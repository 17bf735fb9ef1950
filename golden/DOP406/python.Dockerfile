FROM python:3.12-slim
RUN curl -sSL https://install.python-poetry.org | python3 -
