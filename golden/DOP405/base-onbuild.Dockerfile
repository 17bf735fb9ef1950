FROM python:3.12-slim
WORKDIR /usr/src/app
ONBUILD COPY requirements.txt ./
ONBUILD RUN pip install --no-cache-dir -r requirements.txt
ONBUILD COPY . .
CMD ["python", "manage.py", "runserver"]
