ARG REGISTRY_PASSWORD=s3cret-pw
FROM alpine:3.20
ARG REGISTRY_PASSWORD
RUN echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin registry.internal
