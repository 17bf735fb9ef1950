FROM alpine:3.19
RUN apk add --no-cache curl && \
    curl -fsSL https://example.com/install.sh # fetch installer \
    | sh
