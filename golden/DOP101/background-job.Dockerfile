FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends postgresql && rm -rf /var/lib/apt/lists/*
COPY schema.sql /tmp/schema.sql
RUN service postgresql start & sleep 5
RUN su postgres -c "psql -f /tmp/schema.sql"
