FROM debian:bookworm-slim
ADD --keep-git-dir=true git@github.com:moby/buildkit.git#v0.13.0 /src
