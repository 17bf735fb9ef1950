ARG VARIANT=prod
FROM alpine:3.20 AS build-prod
RUN echo prod
FROM alpine:3.20 AS build-dev
RUN echo dev
FROM build-${VARIANT}
RUN echo final
