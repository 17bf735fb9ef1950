FROM debian:bookworm-slim AS build
FROM debian:bookworm-slim
ADD --from=build /etc/os-release /opt/
