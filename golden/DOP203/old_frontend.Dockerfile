# dopt-test: cache-mounts
# syntax=docker/dockerfile:1.0
FROM python:3.12
RUN pip install flask
