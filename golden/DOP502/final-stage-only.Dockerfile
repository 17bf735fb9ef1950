FROM python:3.12 AS build
RUN pip wheel --wheel-dir /wheels psycopg2
FROM python:3.12
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*
