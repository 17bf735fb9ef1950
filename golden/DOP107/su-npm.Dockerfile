FROM node:20-bookworm
WORKDIR /home/node/app
COPY --chown=node:node package.json package-lock.json ./
RUN su node -c "npm ci --omit=dev"
