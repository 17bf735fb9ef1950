FROM debian:bookworm-slim
RUN read -r VERSION < /src/VERSION && curl -fsSLO "https://example.com/app-$VERSION.tgz"
RUN tar -xzf app-*.tgz
