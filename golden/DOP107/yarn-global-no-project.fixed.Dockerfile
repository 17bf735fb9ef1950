FROM node:20-bookworm-slim
RUN yarn global add serve@14.2.3 && yarn cache clean
CMD ["serve", "-s", "/srv"]
