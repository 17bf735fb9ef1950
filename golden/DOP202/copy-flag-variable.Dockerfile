FROM node:20-slim
ARG OWNER=node
WORKDIR /app
COPY --chown=$OWNER . .
RUN npm ci
