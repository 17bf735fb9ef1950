FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf install -y shadow-utils tar gzip && \
    useradd -r -u 1001 app
USER 1001
