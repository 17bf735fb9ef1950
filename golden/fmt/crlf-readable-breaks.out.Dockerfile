FROM alpine:3.19
COPY --from=build \
    /usr/lib/a.so \
    /usr/lib/
ENV DEPS \
		autoconf \
		make
RUN set -eux; \
    apk add --no-cache $DEPS; \
# column 0
    make
VOLUME ["/data", \
    "/logs"]
