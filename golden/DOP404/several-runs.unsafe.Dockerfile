FROM debian:bookworm-slim
RUN --mount=type=secret,id=client.pem,target=/tmp/client.pem curl --cert /tmp/client.pem -fsSL https://artifacts.internal/app.tgz -o /tmp/app.tgz
RUN --mount=type=secret,id=client.pem,target=/tmp/client.pem tar -xzf /tmp/app.tgz -C /opt && rm /tmp/app.tgz
