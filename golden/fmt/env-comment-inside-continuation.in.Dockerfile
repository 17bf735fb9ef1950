FROM alpine:3.19
ENV A=1 \
    # B is used by the entrypoint
    B=2   C=3
