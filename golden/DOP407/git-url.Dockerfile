FROM debian:bookworm-slim
ADD https://github.com/moby/buildkit.git#v0.13.0 /src
