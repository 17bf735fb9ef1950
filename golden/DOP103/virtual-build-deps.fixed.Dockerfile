FROM python:3.12-alpine
WORKDIR /app
COPY requirements.txt .
RUN apk add --virtual .build-deps gcc musl-dev libffi-dev \
    && pip install --no-cache-dir -r requirements.txt \
    && apk del .build-deps \
    && rm -rf /var/cache/apk/*
COPY . .
CMD ["python", "-m", "app"]
