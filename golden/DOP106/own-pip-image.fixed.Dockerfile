FROM python:2.7-jessie
RUN pip install --no-cache-dir flask==1.1.4
