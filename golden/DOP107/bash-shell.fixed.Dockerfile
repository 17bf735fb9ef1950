FROM node:20-bookworm
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
RUN npm i -g pnpm@9 && npm cache clean --force
