FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential
RUN apt-get install -y --no-install-recommends pkg-config libssl-dev
WORKDIR /src
COPY . .
RUN make

FROM debian:bookworm-slim
COPY --from=build /src/bin/app /usr/local/bin/app
CMD ["app"]
