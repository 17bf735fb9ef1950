FROM python:3.12-slim
WORKDIR /app
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --frozen --no-install-project --no-dev
COPY . .
CMD ["uv", "run", "app.py"]
