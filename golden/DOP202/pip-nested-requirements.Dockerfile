FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install -r requirements/prod.txt -c constraints.txt
CMD ["python", "app.py"]
