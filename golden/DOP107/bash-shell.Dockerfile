FROM node:20-bookworm
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
RUN npm i -g pnpm@9
