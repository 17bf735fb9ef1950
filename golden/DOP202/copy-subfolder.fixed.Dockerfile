FROM python:3.12-slim
WORKDIR /srv/app
COPY backend/requirements.txt ./
RUN pip install -r requirements.txt
COPY backend/ /srv/app/
