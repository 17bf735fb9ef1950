FROM debian:bookworm-slim AS base
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates

FROM base AS tools
RUN apt-get install -y --no-install-recommends curl jq
CMD ["jq", "--version"]
