FROM node:20-alpine
RUN apk add --no-cache gcompat
COPY app /app
