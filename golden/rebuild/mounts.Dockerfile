FROM rust:1.79 AS deps
WORKDIR /src
RUN --mount=type=bind,source=Cargo.toml,target=Cargo.toml cargo fetch

FROM deps AS build
RUN --mount=type=bind,target=. cargo build --release
RUN --mount=type=cache,target=/root/.cache echo cached

FROM scratch
COPY --from=build /src/target/release/app /app
COPY --from=busybox:1.36 /bin/busybox /busybox
