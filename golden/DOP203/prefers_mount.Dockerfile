# dopt-test: cache-mounts, select=DOP106,DOP203
FROM python:3.12
RUN pip install flask
