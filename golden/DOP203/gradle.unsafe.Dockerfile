# syntax=docker/dockerfile:1
FROM gradle:8-jdk21 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.gradle/caches gradle build --no-daemon
