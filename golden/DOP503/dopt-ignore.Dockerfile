FROM python:3.12-alpine
# dopt: ignore=DOP503 -- we accept the musl build
RUN apk add --no-cache build-base
