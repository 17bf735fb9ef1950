# dopt-test: cache-mounts
FROM gradle:8-jdk21 AS build
WORKDIR /src
COPY . .
RUN gradle build --no-daemon
