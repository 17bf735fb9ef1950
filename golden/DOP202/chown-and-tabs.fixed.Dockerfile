from node:20-slim
workdir /home/node/app
	copy --chown=node:node package.json package-lock.json ./
run	npm ci
	copy --chown=node:node . .
user node
