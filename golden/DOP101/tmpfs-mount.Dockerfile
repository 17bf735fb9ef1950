FROM debian:bookworm-slim
RUN --mount=type=tmpfs,target=/tmp/build curl -fsSLo /tmp/build/app.tgz https://example.com/app.tgz
RUN --mount=type=tmpfs,target=/tmp/build tar -xzf /tmp/build/app.tgz -C /opt
