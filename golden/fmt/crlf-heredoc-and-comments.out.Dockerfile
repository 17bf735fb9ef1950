# syntax=docker/dockerfile:1
FROM alpine:3.19
RUN <<EOF
echo keep trailing  
EOF
RUN apk add --no-cache curl && \
    # fetch the tool
    curl -fsSLO https://example.com/tool
