FROM node:20
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY src/ ./src/
RUN npm run build
ENV NODE_ENV=production
CMD ["node", "dist/index.js"]
