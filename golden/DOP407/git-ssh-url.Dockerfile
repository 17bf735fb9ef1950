FROM debian:bookworm-slim
ADD git@github.com:moby/buildkit.git#v0.13.0 /src
