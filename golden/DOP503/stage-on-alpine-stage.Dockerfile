FROM alpine:3.20 AS base
RUN apk add --no-cache python3
FROM base
RUN apk add --no-cache py3-pip && pip install psycopg2
