FROM python:3.12-slim
ENV POETRY_VIRTUALENVS_IN_PROJECT=true
WORKDIR /app
COPY . .
RUN poetry install --no-root --only main
CMD ["poetry", "run", "python", "app.py"]
