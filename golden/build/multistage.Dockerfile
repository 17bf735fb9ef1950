FROM debian:bookworm-slim AS build
RUN apt-get update
RUN apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*
RUN mkdir -p /out && jq -n '{name: "dopt", layers: 1}' > /out/info.json

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates
COPY --from=build /out/info.json /srv/info.json
RUN mkdir -p /srv/data
RUN chmod 0644 /srv/info.json
