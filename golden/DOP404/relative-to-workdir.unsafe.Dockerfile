FROM python:3.12-slim
WORKDIR /build
RUN --mount=type=secret,id=netrc,target=/build/.netrc pip download --no-cache-dir -d /wheels private-package
