FROM debian:bookworm-slim
RUN --mount=type=bind,target=/src,rw make -C /src
RUN --mount=type=bind,target=/src,rw make -C /src install
