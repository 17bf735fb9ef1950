FROM debian:bookworm-slim
RUN \
    # curl for the health check
    apt-get update && \
    apt-get install -y --no-install-recommends curl
RUN --mount=type=cache,target=/root/.cache \
    # the network is needed for pip
    --network=host \
    # then the install itself
    pip install requests && \
    pip check
