FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y ca-certificates && echo "deb https://example.com/apt stable main" > /etc/apt/sources.list.d/x.list && apt-get update && apt-get install -y x
