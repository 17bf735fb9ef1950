FROM node:20-bookworm
WORKDIR /app
COPY . .
RUN yarn install --frozen-lockfile  # classic yarn from the image
