# dopt-test: select=DOP203
FROM python:3.12
RUN pip install --no-cache-dir flask
