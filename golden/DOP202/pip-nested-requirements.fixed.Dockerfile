FROM python:3.12-slim
WORKDIR /app
COPY requirements/prod.txt requirements/base.txt requirements/
COPY constraints.txt ./
RUN pip install -r requirements/prod.txt -c constraints.txt
COPY . .
CMD ["python", "app.py"]
