FROM debian:bookworm-slim AS assets
COPY static/ /srv/static/

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*
COPY --from=assets /srv/static/ /var/www/html/
