FROM node:20-bookworm
RUN npm install -g npm@10 || exit 1
