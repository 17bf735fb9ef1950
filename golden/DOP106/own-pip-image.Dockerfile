FROM python:2.7-jessie
RUN pip install flask==1.1.4
