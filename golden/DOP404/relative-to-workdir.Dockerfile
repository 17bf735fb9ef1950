FROM python:3.12-slim
WORKDIR /build
COPY .netrc ./
RUN pip download --no-cache-dir -d /wheels private-package \
    && rm -f .netrc
