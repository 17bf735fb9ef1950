FROM node:20-bookworm AS deps
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile

FROM deps AS prod
RUN ["yarn", "install", "--production", "--offline"]
