FROM alpine:3.19
RUN apk add --no-cache git && \
    git --version
COPY --chown=app:app src/ /app/src/
ENV PATH=/app/bin:$PATH
