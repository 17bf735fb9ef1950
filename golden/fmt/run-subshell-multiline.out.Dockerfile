FROM alpine:3.19
RUN VERSION=$(cat /etc/alpine-release \
      | cut -d. -f1,2) && \
    echo "$VERSION"
