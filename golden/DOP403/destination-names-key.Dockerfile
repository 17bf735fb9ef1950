FROM alpine/git:2.45.2
COPY deploy-key /root/.ssh/id_ed25519
