FROM python:3.12-slim
WORKDIR /app
COPY Pipfile Pipfile.lock ./
RUN pipenv install --deploy --system
COPY . .
CMD ["python", "app.py"]
