FROM alpine:3.20
RUN apk add --no-cache gcc musl-dev python3-dev
