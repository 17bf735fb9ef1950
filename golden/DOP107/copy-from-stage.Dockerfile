FROM node:20-bookworm AS src
RUN git clone --depth 1 https://github.com/example/app.git /app

FROM node:20-bookworm
WORKDIR /app
COPY --from=src /app/ ./
RUN yarn install
