FROM python:3.12-slim
RUN pip install --no-cache-dir --extra-index-url https://deploy:Pa55w0rdXy93@pypi.acme.io/simple app
