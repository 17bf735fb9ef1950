FROM python:3.12-slim
WORKDIR /srv/app
COPY backend/ /srv/app/
RUN pip install -r requirements.txt
