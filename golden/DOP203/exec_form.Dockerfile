# dopt-test: cache-mounts
FROM python:3.12
RUN ["pip", "install", "--no-cache-dir", "flask"]
