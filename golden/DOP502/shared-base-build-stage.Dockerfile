FROM python:3.12 AS base
WORKDIR /app
FROM base AS build
RUN gcc -o /app/ext ext.c
FROM base
COPY --from=build /app/ext /app/ext
