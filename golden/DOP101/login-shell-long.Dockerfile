FROM debian:bookworm-slim
SHELL ["/bin/bash", "--login", "-c"]
RUN nvm install 20
RUN npm install -g pnpm
