FROM alpine:3.19 AS build
FROM alpine:3.19
COPY --from=build \
	/usr/lib/libgcc_s.so.1 \
	/usr/lib/libstdc++.so.6 \
	/usr/lib/
copy   --chown=app:app --chmod=644 \
     config/app.toml   config/logging.toml \
     /etc/app/
ADD \
    https://example.com/a.tar.gz /tmp/
COPY a.txt \
# the second source
     b.txt \
     # the destination
     /dst/
COPY crontab.txt \
docker-healthcheck \
$DIR/
\
COPY x \
     y /z/
