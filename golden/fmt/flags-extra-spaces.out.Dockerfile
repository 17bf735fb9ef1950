FROM alpine:3.19
COPY --chown=app:app --chmod=0644 config.yaml /etc/app/config.yaml
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /tmp/
RUN --mount=type=cache,target=/root/.cache --network=none make   build
