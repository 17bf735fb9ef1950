FROM example/base-with-conf-dir:1
COPY conf/ $CONF_DIR/
RUN apt-get update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*
