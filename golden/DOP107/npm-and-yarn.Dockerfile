FROM node:20-bookworm
WORKDIR /app
COPY package.json package-lock.json ./
COPY client/ client/
RUN npm ci && \
    yarn --cwd client install --frozen-lockfile && \
    npm run build
