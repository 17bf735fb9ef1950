FROM python:3.12-slim
WORKDIR /app
COPY . .
USER nobody
RUN pip install --user -r requirements.txt
