FROM alpine:3.19
COPY -- --weird-name.txt /data/
COPY --chown=1000:1000 -- --also-weird /data/
