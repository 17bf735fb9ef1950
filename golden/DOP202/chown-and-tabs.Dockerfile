from node:20-slim
workdir /home/node/app
	copy --chown=node:node . .
run	npm ci
user node
